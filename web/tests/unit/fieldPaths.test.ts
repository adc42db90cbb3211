import { describe, expect, it } from 'vitest'
import { dropRowErrors, normalizeFieldPath, parseFieldPath, placeFieldErrors, toFormProp } from '@/utils/fieldPaths'

describe('422 field paths', () => {
  it('parses nested paths with indices', () => {
    expect(parseFieldPath('applicant.id_number')).toEqual(['applicant', 'id_number'])
    expect(parseFieldPath('respondents[0].name')).toEqual(['respondents', 0, 'name'])
    expect(parseFieldPath('rights[1].number')).toEqual(['rights', 1, 'number'])
    expect(parseFieldPath('urls[2]')).toEqual(['urls', 2])
    expect(parseFieldPath('respondents.0.credit_code')).toEqual(['respondents', 0, 'credit_code'])
  })
  it('normalises to the bracket form and maps to Element Plus props', () => {
    expect(normalizeFieldPath('respondents.0.credit_code')).toBe('respondents[0].credit_code')
    expect(normalizeFieldPath('rights[1].number')).toBe('rights[1].number')
    expect(toFormProp('respondents[0].name')).toBe('respondents.0.name')
    expect(toFormProp('urls[3]')).toBe('urls.3')
  })
  it('places messages on the inputs that exist and lists the rest', () => {
    const shown = new Set(['title', 'applicant.id_number', 'respondents[0].name', 'respondents[1].credit_code', 'rights[1].number', 'rights[1]', 'urls[0]'])
    const { placed, unplaced } = placeFieldErrors(
      {
        title: '不能为空',
        'applicant.id_number': '校验位错误',
        'respondents.0.name': '不能为空',
        'respondents[1].credit_code': '校验位错误',
        'rights[1].number': '专利号校验位错误',
        'rights[1].number.check': '应为 5',
        'rights[1].title': '不能为空',
        'urls[0]': '网址格式错误',
        captcha: '验证码错误',
      },
      (p) => shown.has(p),
    )
    expect(placed).toEqual({
      title: '不能为空',
      'applicant.id_number': '校验位错误',
      'respondents[0].name': '不能为空',
      'respondents[1].credit_code': '校验位错误',
      'rights[1].number': '专利号校验位错误；应为 5',
      'rights[1]': '不能为空',
      'urls[0]': '网址格式错误',
    })
    expect(unplaced).toEqual([{ path: 'captcha', message: '验证码错误' }])
  })
  it('shifts row errors when a row is removed', () => {
    const errors = { 'respondents[0].name': 'a', 'respondents[1].name': 'b', 'respondents[2].phone': 'c', 'rights[1].number': 'd', title: 'e' }
    expect(dropRowErrors(errors, 'respondents', 1)).toEqual({ 'respondents[0].name': 'a', 'respondents[1].phone': 'c', 'rights[1].number': 'd', title: 'e' })
  })
})
