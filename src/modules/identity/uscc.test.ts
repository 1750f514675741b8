import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUscc, makeUscc, USCC_AUTHORITIES } from './uscc.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const authorityAndCategory = fc.constantFrom(
  ...Object.entries(USCC_AUTHORITIES).flatMap(([a, { categories }]) =>
    Object.keys(categories).map((c) => a + c),
  ),
);
const region = fc
  .tuple(
    fc.constantFrom('10', '11', '31', '41', '44', '65', '82'),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }),
  )
  .map(([p, rest]) => `${p}${rest.join('')}`);
const subjectCode = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 9, maxLength: 9 })
  .map((chars) => chars.join(''));
const validUscc = fc
  .tuple(authorityAndCategory, region, subjectCode)
  .map(([ac, r, s]) => makeUscc(`${ac}${r}${s}`));

describe('checkUscc', () => {
  it('accepts the example of GB 32100-2015 and splits it into its parts', () => {
    expect(checkUscc('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      authority: '工商',
      category: '企业',
      regionCode: '350100',
      organisationCode: 'M000100Y4',
    });
  });

  it('accepts codes printed on public business licences', () => {
    expect(checkUscc('914403001922038216').ok).toBe(true); // 华为技术有限公司
    expect(checkUscc('9144030071526726XG').ok).toBe(true); // 腾讯科技（深圳）有限公司
  });

  it('accepts the national-level region code 100000 of centrally registered organisations', () => {
    expect(checkUscc('11100000000013127D')).toMatchObject({
      ok: true,
      authority: '机构编制',
      category: '机关',
    });
  });

  it('normalises lowercase letters, full-width characters and spaces', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
    expect(checkUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ ok: true });
  });

  it('tells an individual business from an enterprise', () => {
    expect(checkUscc(makeUscc('92410100MA9GABC12'))).toMatchObject({ ok: true, category: '个体工商户' });
  });

  it('requires 18 characters', () => {
    expect(checkUscc('91350100M000100Y4')).toEqual({ ok: false, message: '统一社会信用代码应为18位' });
    expect(checkUscc('')).toEqual({ ok: false, message: '统一社会信用代码应为18位' });
  });

  it('rejects the letters I, O, Z, S and V', () => {
    for (const letter of 'IOZSV') {
      expect(checkUscc(`91350100M000100${letter}43`)).toEqual({
        ok: false,
        message: '统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）',
      });
    }
  });

  it('rejects characters other than digits and letters', () => {
    expect(checkUscc('91350100-000100Y43')).toEqual({
      ok: false,
      message: '统一社会信用代码只能由数字和英文字母组成',
    });
  });

  it('rejects an unknown registration authority', () => {
    for (const first of ['0', 'B', 'X']) {
      expect(checkUscc(makeUscc(`${first}1350100M000100Y4`))).toEqual({
        ok: false,
        message: '统一社会信用代码的登记管理部门代码不正确',
      });
    }
  });

  it('rejects a category that the registration authority does not have', () => {
    expect(checkUscc(makeUscc('94350100M000100Y4'))).toEqual({
      ok: false,
      message: '统一社会信用代码的机构类别代码不正确',
    });
    expect(checkUscc(makeUscc('Y2350100M000100Y4')).ok).toBe(false);
  });

  it('rejects a region code that is not six digits of a province', () => {
    for (const region of ['35A100', '990000', '000000']) {
      expect(checkUscc(makeUscc(`91${region}M000100Y4`))).toEqual({
        ok: false,
        message: '统一社会信用代码的登记管理机关行政区划码不正确',
      });
    }
  });

  it('rejects a wrong check character', () => {
    expect(checkUscc('91350100M000100Y44')).toEqual({ ok: false, message: '统一社会信用代码校验位不正确' });
    expect(checkUscc('91350100M000100Y40')).toEqual({ ok: false, message: '统一社会信用代码校验位不正确' });
  });

  it('accepts every code makeUscc builds', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(checkUscc(code).ok).toBe(true);
      }),
    );
  });

  it('rejects any code with one character changed (the mod-31 check catches every single substitution)', () => {
    const mutation = fc.tuple(
      validUscc,
      fc.integer({ min: 0, max: 17 }),
      fc.constantFrom(...`${ALPHABET}IOZSV`),
    );
    fc.assert(
      fc.property(mutation, ([code, index, replacement]) => {
        fc.pre(code[index] !== replacement);
        const changed = `${code.slice(0, index)}${replacement}${code.slice(index + 1)}`;
        expect(checkUscc(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('makeUscc', () => {
  it('computes the check character of the standard example', () => {
    expect(makeUscc('91350100M000100Y4')).toBe('91350100M000100Y43');
  });

  it('maps a remainder of 0 to the check character 0', () => {
    const withZero = fc.sample(validUscc, 5000).find((code) => code.endsWith('0'));
    expect(withZero).toBeDefined();
    expect(checkUscc(withZero!).ok).toBe(true);
  });

  it('refuses a body of the wrong length or with forbidden letters', () => {
    expect(() => makeUscc('91350100M000100Y')).toThrow();
    expect(() => makeUscc('91350100M000100O4')).toThrow();
  });
});
