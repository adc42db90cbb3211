// The working-day calendar for list pages whose answers give a due date but not the working days left (the
// matter list's `next_due_on`). Loaded once per page load from GET /api/v1/calendar/years.
import { ref } from 'vue'
import { calendarApi } from '@/api'
import { buildCalendar, remainingWorkdays, type WorkCalendar } from '@/utils/calendar'
import { todayShanghai } from '@/utils/workdays'

const cal = ref<WorkCalendar | null>(null)
let pending: Promise<void> | null = null

export function useWorkCalendar() {
  if (!cal.value && !pending) {
    pending = calendarApi
      .years({ silent: true })
      .then((years) => {
        cal.value = buildCalendar(years.map((y) => y.table))
      })
      .catch(() => {
        pending = null
      })
  }
  /** Working days left to `due` (negative once passed); null when unknown. */
  function remaining(due: string | null | undefined): number | null {
    if (!due || !cal.value) return null
    return remainingWorkdays(cal.value, todayShanghai(), due)
  }
  return { calendar: cal, remaining }
}
