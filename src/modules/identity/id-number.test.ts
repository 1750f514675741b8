import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, makeIdNumber, maskIdNumber } from './id-number.js';

// A fixed "today" keeps the future-date rules independent of when the tests run.
const NOW = new Date('2026-06-01T04:00:00Z');
const check = (raw: string) => checkIdNumber(raw, NOW);

// biome-ignore format: a flat list of codes
const PROVINCES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
];

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const region6 = fc.tuple(fc.constantFrom(...PROVINCES), digits(4)).map(([p, rest]) => `${p}${rest}`);
const DAY_MS = 86_400_000;
const birth = fc
  .integer({ min: Date.UTC(1900, 0, 1) / DAY_MS, max: Date.UTC(2026, 5, 1) / DAY_MS })
  .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', ''));
const validIdNumber = fc.tuple(region6, birth, digits(3)).map(([r, b, s]) => makeIdNumber(r, b, s));

describe('checkIdNumber', () => {
  it('accepts the example of GB 11643-1999 and reads its birth date and gender', () => {
    expect(check('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
    });
  });

  it('reads the gender from the parity of the sequence code', () => {
    const male = makeIdNumber('412702', '19900101', '001');
    const female = makeIdNumber('412702', '19900101', '002');
    expect(check(male)).toMatchObject({ ok: true, gender: 'male', birthDate: '1990-01-01' });
    expect(check(female)).toMatchObject({ ok: true, gender: 'female' });
  });

  it('accepts a lowercase x as check character and normalises it to X', () => {
    expect(check('11010519491231002x')).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('folds full-width characters and spaces typed through a Chinese IME', () => {
    expect(check(' １１０１０５ 19491231 002ｘ ')).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('accepts the residence permit numbers of Hong Kong, Macao and Taiwan residents (810000/820000/830000)', () => {
    for (const region of ['810000', '820000', '830000']) {
      expect(check(makeIdNumber(region, '19850615', '123')).ok).toBe(true);
    }
  });

  it('requires 18 characters', () => {
    expect(check('110105491231002')).toEqual({ ok: false, message: '公民身份号码应为18位' });
    expect(check('11010519491231002X1')).toEqual({ ok: false, message: '公民身份号码应为18位' });
    expect(check('')).toEqual({ ok: false, message: '公民身份号码应为18位' });
  });

  it('allows X only as the last character', () => {
    expect(check('1101051949123100X2')).toEqual({
      ok: false,
      message: '公民身份号码前17位应为数字，最后一位应为数字或X',
    });
    expect(check('11010519491231002Y').ok).toBe(false);
  });

  it('rejects a region code whose province does not exist', () => {
    for (const region of ['000000', '100000', '160000', '390000', '720000', '900000', '910000']) {
      expect(check(makeIdNumber(region, '19900101', '001'))).toEqual({
        ok: false,
        message: '公民身份号码的地区码不正确',
      });
    }
  });

  it('rejects a birth date that is not a calendar date', () => {
    for (const date of ['19900230', '19900231', '19901301', '19900001', '19900100', '19000229', '20230229']) {
      expect(check(makeIdNumber('412702', date, '001'))).toEqual({
        ok: false,
        message: '公民身份号码中的出生日期不正确',
      });
    }
    expect(check(makeIdNumber('412702', '20000229', '001')).ok).toBe(true);
  });

  it('rejects a birth date after today (in China time)', () => {
    expect(check(makeIdNumber('412702', '20260601', '001')).ok).toBe(true);
    expect(check(makeIdNumber('412702', '20260602', '001'))).toEqual({
      ok: false,
      message: '公民身份号码中的出生日期不能晚于今天',
    });
    expect(check(makeIdNumber('412702', '20991231', '001')).ok).toBe(false);
    // 2026-06-01 20:00 UTC is already 2026-06-02 in Beijing.
    expect(
      checkIdNumber(makeIdNumber('412702', '20260602', '001'), new Date('2026-06-01T20:00:00Z')).ok,
    ).toBe(true);
  });

  it('rejects a birth date before 1900, even the second example of GB 11643-1999 (born 1880)', () => {
    expect(check('440524188001010014')).toEqual({
      ok: false,
      message: '公民身份号码中的出生日期不能早于1900年',
    });
    expect(check(makeIdNumber('412702', '18991231', '001')).ok).toBe(false);
    expect(check(makeIdNumber('412702', '19000101', '001')).ok).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(check('110105194912310021')).toEqual({ ok: false, message: '公民身份号码校验位不正确' });
    expect(check('440524199001010013')).toEqual({ ok: false, message: '公民身份号码校验位不正确' });
  });

  it('accepts every number makeIdNumber builds', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        expect(check(id).ok).toBe(true);
      }),
    );
  });

  it('rejects any number with one character changed (MOD 11-2 catches every single substitution)', () => {
    const mutation = fc.tuple(
      validIdNumber,
      fc.integer({ min: 0, max: 17 }),
      fc.constantFrom(...'0123456789X'),
    );
    fc.assert(
      fc.property(mutation, ([id, index, replacement]) => {
        fc.pre(id[index] !== replacement);
        const changed = `${id.slice(0, index)}${replacement}${id.slice(index + 1)}`;
        expect(check(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('makeIdNumber', () => {
  it('computes the check character of the standard examples', () => {
    expect(makeIdNumber('110105', '19491231', '002')).toBe('11010519491231002X');
    expect(makeIdNumber('440524', '18800101', '001')).toBe('440524188001010014');
  });

  it('refuses parts of the wrong shape', () => {
    expect(() => makeIdNumber('41270', '19900101', '001')).toThrow();
    expect(() => makeIdNumber('412702', '1990-01-01', '001')).toThrow();
    expect(() => makeIdNumber('412702', '19900101', '01')).toThrow();
  });
});

describe('maskIdNumber', () => {
  it('keeps the first and last four characters', () => {
    expect(maskIdNumber('412702199001010012')).toBe('4127**********0012');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('hides short values completely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});
