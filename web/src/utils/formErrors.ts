import { ref } from 'vue'
import { ApiError } from '@/api/errors'

/** Server-side field errors (422) for `el-form-item :error`. */
export function useFieldErrors() {
  const fieldErrors = ref<Record<string, string>>({})
  function clear() {
    fieldErrors.value = {}
  }
  /** Returns true when the error was a validation error that the form now shows. */
  function capture(e: unknown): boolean {
    if (e instanceof ApiError && Object.keys(e.fields).length) {
      fieldErrors.value = { ...e.fields }
      return true
    }
    return false
  }
  return { fieldErrors, clear, capture }
}
