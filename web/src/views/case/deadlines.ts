// Helpers for Deadline lists (我的待办, 超期督办, the home card): ordering with unknown due dates last, and the
// department's name when the answer carries only its id.
import { ref } from 'vue'
import { userApi } from '@/api'
import type { Dept, Deadline } from '@/api/types'

/** Soonest first; a deadline without a due date (awaiting a calendar year) last. */
export function byDue(a: { due_on: string | null }, b: { due_on: string | null }): number {
  if (a.due_on === b.due_on) return 0
  if (!a.due_on) return 1
  if (!b.due_on) return -1
  return a.due_on < b.due_on ? -1 : 1
}

/** Past its due date (the due date is not counted as past). */
export function isPastDue(d: { due_on: string | null }, today: string): boolean {
  return !!d.due_on && d.due_on < today
}

const depts = ref<Dept[] | null>(null)
let loading: Promise<void> | null = null

/** `deptName(d)`: the name the answer gives, else the name of `dept_id` from the department tree, else ''. */
export function useDeptNames() {
  if (!depts.value && !loading) {
    loading = userApi
      .deptTree({ silent: true })
      .then((list) => {
        depts.value = list
      })
      .catch(() => {
        depts.value = []
      })
  }
  function deptName(d: Pick<Deadline, 'dept_name' | 'dept_id'>): string {
    if (d.dept_name) return d.dept_name
    if (d.dept_id === null || d.dept_id === undefined) return ''
    return depts.value?.find((x) => x.id === d.dept_id)?.name ?? `#${d.dept_id}`
  }
  return { deptName }
}
