import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api'
import { setCsrfToken } from '@/api/http'
import type { Me } from '@/api/types'
import { hasPermission } from '@/utils/perm'

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  /** True once we asked the server who we are (whatever the answer). */
  const checked = ref(false)

  const user = computed(() => me.value?.user ?? null)
  const permissions = computed(() => me.value?.permissions ?? [])
  const signedIn = computed(() => me.value !== null)

  function apply(value: Me | null) {
    me.value = value
    setCsrfToken(value?.csrf_token ?? null)
    checked.value = true
  }

  /** Loads `/auth/me`; a 401 simply means "not signed in". */
  async function load(force = false): Promise<Me | null> {
    if (checked.value && !force) return me.value
    try {
      apply(await authApi.me())
    } catch {
      apply(null)
    }
    return me.value
  }

  async function login(username: string, password: string, totp_code?: string): Promise<Me> {
    const body: { username: string; password: string; totp_code?: string } = { username, password }
    if (totp_code) body.totp_code = totp_code
    const result = await authApi.login(body)
    // The login answer is `Me`; reload when the server omitted the token.
    if (!result?.csrf_token) {
      await load(true)
      if (me.value) return me.value
    }
    apply(result)
    return result
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  function clear() {
    apply(null)
  }

  function can(perm?: string | null): boolean {
    return hasPermission(permissions.value, perm)
  }

  return { me, checked, user, permissions, signedIn, load, login, logout, clear, can, apply }
})
