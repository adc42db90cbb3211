import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { i18n, setLocale, type Locale } from '@/i18n'

const SIDEBAR_KEY = 'zb_sidebar_collapsed'

export const useAppStore = defineStore('app', () => {
  const locale = computed<Locale>(() => (i18n.global.locale.value === 'en' ? 'en' : 'zh-CN'))
  const lang = computed<'zh' | 'en'>(() => (locale.value === 'en' ? 'en' : 'zh'))
  const collapsed = ref(localStorage.getItem(SIDEBAR_KEY) === '1')

  function switchLocale(l: Locale) {
    setLocale(l)
  }
  function toggleSidebar() {
    collapsed.value = !collapsed.value
    localStorage.setItem(SIDEBAR_KEY, collapsed.value ? '1' : '0')
  }
  return { locale, lang, collapsed, switchLocale, toggleSidebar }
})
