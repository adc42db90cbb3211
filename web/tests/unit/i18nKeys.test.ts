// Every literal key passed to t(...) / te(...) in the sources exists in both locales (dynamic keys are checked
// where they are built, e.g. the event and role tables).
import { describe, expect, it } from 'vitest'
import zh from '@/i18n/locales/zh-CN'
import en from '@/i18n/locales/en'

const sources = import.meta.glob(['/src/**/*.vue', '/src/**/*.ts', '!/src/i18n/locales/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
function has(messages: unknown, key: string): boolean {
  let cur: unknown = messages
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object' || !(part in cur)) return false
    cur = (cur as Record<string, unknown>)[part]
  }
  return typeof cur === 'string'
}

describe('i18n keys', () => {
  const used = new Set<string>()
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/\bt[e]?\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1])
  }
  it('finds the keys', () => {
    expect(used.size).toBeGreaterThan(200)
  })
  it('has every literal key in zh-CN and en', () => {
    const missing = [...used].filter((k) => !has(zh, k) || !has(en, k))
    expect(missing).toEqual([])
  })
  it('has the case-desk tables the code builds keys from', () => {
    for (const k of ['complaint', 'report', 'assistance', 'mediation', 'adjudication', 'ecommerce_notice', 'import_export']) {
      expect(has(zh, `intake.typeHelp.${k}`) && has(en, `intake.typeHelp.${k}`)).toBe(true)
    }
    for (const s of ['running', 'suspended', 'met', 'missed', 'extended']) expect(has(en, `case.clocks.state.${s}`)).toBe(true)
    for (const k of ['intake', 'transition', 'assign', 'transfer', 'clock', 'note', 'group']) expect(has(en, `case.eventKind.${k}`)).toBe(true)
    for (const k of ['patent', 'trademark', 'copyright', 'other']) expect(has(en, `intake.right.numberPh.${k}`)).toBe(true)
  })
})
