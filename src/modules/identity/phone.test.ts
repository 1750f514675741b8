import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPhone, maskPhone } from './phone.js';

describe('checkPhone', () => {
  it('accepts 11-digit mainland mobile numbers starting 13 to 19', () => {
    for (const n of [
      '13800138000',
      '14500000000',
      '15912345678',
      '16600000000',
      '17700000000',
      '19912345678',
    ]) {
      expect(checkPhone(n)).toEqual({ ok: true, value: n });
    }
  });

  it('accepts every 1[3-9] number of 11 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (n) => {
        expect(checkPhone(n).ok).toBe(true);
      }),
    );
  });

  it('folds spaces, hyphens, the +86 prefix and full-width digits', () => {
    for (const n of [
      '138 0013 8000',
      '138-0013-8000',
      '+86 138 0013 8000',
      '008613800138000',
      '１３８００１３８０００',
    ]) {
      expect(checkPhone(n)).toEqual({ ok: true, value: '13800138000' });
    }
  });

  it('rejects letters and other symbols', () => {
    expect(checkPhone('1380013800a')).toEqual({ ok: false, message: '手机号码只能包含数字' });
    expect(checkPhone('(138)00138000')).toEqual({ ok: false, message: '手机号码只能包含数字' });
  });

  it('requires 11 digits', () => {
    expect(checkPhone('1380013800')).toEqual({ ok: false, message: '手机号码应为11位' });
    expect(checkPhone('138001380001')).toEqual({ ok: false, message: '手机号码应为11位' });
    expect(checkPhone('')).toEqual({ ok: false, message: '手机号码应为11位' });
  });

  it('rejects numbers that are not in a mobile segment', () => {
    for (const n of ['12800138000', '10086000000', '23800138000', '01012345678']) {
      expect(checkPhone(n)).toEqual({ ok: false, message: '手机号码应以13至19开头' });
    }
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
  });

  it('hides short values completely', () => {
    expect(maskPhone('1234567')).toBe('*******');
  });
});
