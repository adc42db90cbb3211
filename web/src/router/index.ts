import { createRouter, createWebHistory } from 'vue-router'
import { routes } from './routes'
import { useAuthStore } from '@/stores/auth'
import { useDictStore } from '@/stores/dict'
import { hasPermission } from '@/utils/perm'
import { i18n } from '@/i18n'

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const needsAuth = to.matched.some((r) => r.meta.auth)
  const auth = useAuthStore()
  if (to.name === 'login') {
    // Already signed in → straight to the console.
    if (!auth.checked) await auth.load()
    if (auth.signedIn) return typeof to.query.redirect === 'string' && to.query.redirect.startsWith('/console') ? to.query.redirect : '/console'
    return true
  }
  if (!needsAuth) return true
  if (!auth.checked) await auth.load()
  if (!auth.signedIn) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  void useDictStore().load()
  const perm = to.meta.perm
  if (perm && !hasPermission(auth.permissions, perm)) {
    return { name: 'forbidden', query: { from: to.fullPath }, replace: true }
  }
  return true
})

router.afterEach((to) => {
  const t = i18n.global.t
  const title = to.meta.title ? t(to.meta.title) : ''
  document.title = title ? `${title} - ${t('app.zone')}` : t('app.zone')
})
