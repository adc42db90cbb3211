import { describe, expect, it } from 'vitest'
import {
  checkCitizenId, checkCreditCode, checkPatentNumber, citizenIdCheck, creditCodeCheck, orgCodeCheck, patentCheck,
} from '@/utils/ids'

const TODAY = '2026-11-21'

describe('居民身份证号码 GB 11643 (MOD 11-2)', () => {
  it('computes the check character by hand', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X
    expect(citizenIdCheck('11010519491231002')).toBe('X')
    // 1·7+1·9+0+1·5+0+1·4+1·2+9·1+9·6+0+0+3·9+0+7·5+0+0+1·2 = 154; 154 mod 11 = 0 → 1
    expect(citizenIdCheck('11010119900307001')).toBe('1')
    // 120116 (滨海新区): 1·7+2·9+0+1·5+1·8+6·4+1·2+9·1+8·6+5·3+0+6·9+1·10+2·5+0+0+3·2 = 216; 216 mod 11 = 7 → 5
    expect(citizenIdCheck('12011619850612003')).toBe('5')
  })
  it('accepts valid numbers (x or X)', () => {
    expect(checkCitizenId('11010519491231002X', TODAY)).toBeNull()
    expect(checkCitizenId('11010519491231002x', TODAY)).toBeNull()
    expect(checkCitizenId(' 120116198506120035 ', TODAY)).toBeNull()
    expect(checkCitizenId('１１０１０１１９９００３０７００１１', TODAY)).toBeNull() // full-width digits
  })
  it('refuses a wrong check character and names the expected one', () => {
    expect(checkCitizenId('120116198506120036', TODAY)).toEqual({ code: 'check', position: 18, expected: '5', found: '6' })
    expect(checkCitizenId('110105194912310021', TODAY)).toMatchObject({ code: 'check', expected: 'X' })
  })
  it('refuses bad lengths, characters and dates', () => {
    expect(checkCitizenId('', TODAY)).toEqual({ code: 'empty' })
    expect(checkCitizenId('110105491231002', TODAY)).toMatchObject({ code: 'length', actual: 15 })
    expect(checkCitizenId('1101051949123A002X', TODAY)).toMatchObject({ code: 'char', position: 14, found: 'A' })
    expect(checkCitizenId('11010519490230002X', TODAY)).toMatchObject({ code: 'birth', value: '19490230' })
    expect(checkCitizenId('110105203001010011', TODAY)).toMatchObject({ code: 'future' })
  })
})

describe('统一社会信用代码 GB 32100 (MOD 31) with the GB 11714 organisation code', () => {
  it('computes the check characters by hand', () => {
    // 9·1+1·3+3·9+5·27+0+1·26+0+0+M(21)·20+0+0+0+1·8+0+0+Y(30)·30+4·28 = 1640; 1640 mod 31 = 28; 31−28 = 3
    expect(creditCodeCheck('91350100M000100Y4')).toBe('3')
    // GB 11714 of M000100Y: M(22)·3+1·5+Y(34)·2 = 139; 139 mod 11 = 7; 11−7 = 4
    expect(orgCodeCheck('M000100Y')).toBe('4')
    // 12345678: 3+14+27+40+25+48+28+16 = 201; 201 mod 11 = 3; 11−3 = 8
    expect(orgCodeCheck('12345678')).toBe('8')
    // 9,1,1,2,0,1,1,6,1,2,3,4,5,6,7,8,8 weighted = 1142; 1142 mod 31 = 26; 31−26 = 5
    expect(creditCodeCheck('91120116123456788')).toBe('5')
    // Sum 0 → 31 − 0 = 31, which means 0.
    expect(creditCodeCheck('00000000000000000')).toBe('0')
  })
  it('accepts valid codes (lowercase too)', () => {
    expect(checkCreditCode('91350100M000100Y43')).toBeNull()
    expect(checkCreditCode('91350100m000100y43')).toBeNull()
    expect(checkCreditCode('911201161234567885')).toBeNull()
    expect(checkCreditCode('000000000000000000')).toBeNull()
  })
  it('refuses a wrong check character', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ code: 'check', position: 18, expected: '3', found: '4' })
  })
  it('refuses letters outside the alphabet and non-digits in the division code', () => {
    expect(checkCreditCode('91350100M000100I43')).toMatchObject({ code: 'char', position: 16, found: 'I' })
    expect(checkCreditCode('9135A100M000100Y43')).toMatchObject({ code: 'char', position: 5 })
    expect(checkCreditCode('9135010')).toMatchObject({ code: 'length', actual: 7 })
  })
  it('refuses a code whose embedded organisation code fails GB 11714', () => {
    // 12345679 + check: the 18th character is made right, the 17th is not the GB 11714 one (8).
    const first17 = '91120116123456789'
    const code = first17 + creditCodeCheck(first17)
    expect(checkCreditCode(code)).toEqual({ code: 'org_check', expected: '8', found: '9' })
  })
})

describe('专利申请号 (MOD 11)', () => {
  it('computes the check digit by hand', () => {
    // 2·2+0·3+0·4+3·5+1·6+0·7+1·8+0·9+2·2+3·3+4·4+4·5 = 82; 82 mod 11 = 5
    expect(patentCheck('200310102344')).toBe('5')
  })
  it('accepts the usual spellings', () => {
    expect(checkPatentNumber('CN200310102344.5')).toBeNull()
    expect(checkPatentNumber('ZL 2003 1 0102344.5')).toBeNull()
    expect(checkPatentNumber('2003101023445')).toBeNull()
  })
  it('refuses a wrong check digit, year or type', () => {
    expect(checkPatentNumber('CN200310102344.6')).toMatchObject({ code: 'check', expected: '5' })
    expect(checkPatentNumber('CN200210102344.5')).toMatchObject({ code: 'year', year: 2002 })
    expect(checkPatentNumber('CN200340102344.5')).toMatchObject({ code: 'kind', found: '4' })
    expect(checkPatentNumber('CN2003101023.445')).toEqual({ code: 'format' })
  })
})
