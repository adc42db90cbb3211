import { describe, expect, it } from 'vitest'
import { normalizeQueryCode, normalizeReceiptNo } from '@/utils/receipt'

describe('receipt numbers and query codes', () => {
  it('accepts canonical receipt numbers, any case', () => {
    expect(normalizeReceiptNo(' bh-ts-2026-000123 ')).toBe('BH-TS-2026-000123')
    expect(normalizeReceiptNo('BH-JK-2026-1000000')).toBe('BH-JK-2026-1000000')
  })
  it('refuses other shapes', () => {
    expect(normalizeReceiptNo('BH-XX-2026-000123')).toBeNull()
    expect(normalizeReceiptNo('BH-TS-26-000123')).toBeNull()
    expect(normalizeReceiptNo('BH-TS-2026-123')).toBeNull()
    expect(normalizeReceiptNo('BH-TS-2026-0000123')).toBeNull()
  })
  it('reads query codes as people type them', () => {
    expect(normalizeQueryCode('abcd-efgh')).toBe('ABCDEFGH')
    expect(normalizeQueryCode(' 2345 6789 ')).toBe('23456789')
    expect(normalizeQueryCode('ABCDEFG0')).toBeNull() // 0 is not used
    expect(normalizeQueryCode('ABCDEFGI')).toBeNull() // nor I
    expect(normalizeQueryCode('ABCDEFG')).toBeNull()
  })
})
