import { onBeforeUnmount, onMounted, ref } from 'vue'

/** Below this width the console's sidebar becomes a drawer behind the hamburger (phones, narrow windows). */
export const PHONE_MAX_WIDTH = 767

/** True while the viewport is phone-wide; follows resizes and rotation. */
export function usePhone() {
  const query = `(max-width: ${PHONE_MAX_WIDTH}px)`
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null
  const phone = ref(mql?.matches ?? false)
  const onChange = (e: MediaQueryListEvent) => {
    phone.value = e.matches
  }
  onMounted(() => mql?.addEventListener('change', onChange))
  onBeforeUnmount(() => mql?.removeEventListener('change', onChange))
  return phone
}
