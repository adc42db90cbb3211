import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import './styles/index.css'
import App from './App.vue'
import { router } from './router'
import { i18n, currentLang } from './i18n'
import { onUnauthorized, setLangGetter } from './api/http'
import { vHasPerm } from './directives/hasPerm'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(router)
app.directive('hasPerm', vHasPerm)

setLangGetter(currentLang)
onUnauthorized(() => {
  useAuthStore(pinia).clear()
  const here = router.currentRoute.value
  if (here.name !== 'login') {
    void router.push({ name: 'login', query: here.fullPath.startsWith('/console') ? { redirect: here.fullPath } : {} })
  }
})

document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
