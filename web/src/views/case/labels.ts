// Labels of the case desk that the answers do not carry: procedure events (the timeline has only the event key),
// party roles (their Chinese term depends on the matter type), timeline entry kinds and the messages of the
// client-side identity checks. Unknown keys are shown as they come.
import { useI18n } from 'vue-i18n'
import type { MatterAction } from '@/api/types'
import type { IdProblem } from '@/utils/ids'
import { useDictStore } from '@/stores/dict'
import { useAppStore } from '@/stores/app'

/** Action names the server sent (detail.actions), remembered for the timeline: the server's words win. */
const seenActionNames = new Map<string, string>()

export function rememberActions(type: string, actions: readonly MatterAction[]): void {
  for (const a of actions) seenActionNames.set(`${type}:${a.event}`, a.name)
}

export function useCaseLabels() {
  const { t, te } = useI18n()
  const dict = useDictStore()
  const app = useAppStore()

  function eventName(event: string | null | undefined, type?: string): string {
    if (!event) return ''
    const seen = type ? seenActionNames.get(`${type}:${event}`) : undefined
    if (seen && app.lang === 'zh') return seen
    return te(`caseEvent.${event}`) ? t(`caseEvent.${event}`) : event
  }
  function roleLabel(role: string, type?: string): string {
    if (type && te(`caseRole.byType.${type}.${role}`)) return t(`caseRole.byType.${type}.${role}`)
    return te(`caseRole.${role}`) ? t(`caseRole.${role}`) : role
  }
  function kindLabel(kind: string): string {
    return te(`case.eventKind.${kind}`) ? t(`case.eventKind.${kind}`) : kind
  }
  function stateName(state: string | null | undefined): string {
    return state ? dict.label('matter_state', state, app.lang) : ''
  }
  function typeName(type: string | null | undefined): string {
    return type ? dict.label('matter_type', type, app.lang) : ''
  }
  function idMessage(p: IdProblem, field: string): string {
    return t(`ids.${p.code}`, { field, ...p })
  }
  return { eventName, roleLabel, kindLabel, stateName, typeName, idMessage }
}
