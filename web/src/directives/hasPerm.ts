import type { Directive, DirectiveBinding } from 'vue'
import { useAuthStore } from '@/stores/auth'
import { hasAnyPermission } from '@/utils/perm'

function check(el: HTMLElement, binding: DirectiveBinding<string | string[]>) {
  const wanted = Array.isArray(binding.value) ? binding.value : [binding.value]
  const auth = useAuthStore()
  if (!hasAnyPermission(auth.permissions, wanted.filter(Boolean))) {
    el.parentNode?.removeChild(el)
  }
}

/**
 * `v-hasPerm="'system:user:add'"` or `v-hasPerm="['a','b']"` (any of): removes the element when
 * the signed-in user lacks the permission, RuoYi style.
 */
export const vHasPerm: Directive<HTMLElement, string | string[]> = {
  mounted: check,
}
