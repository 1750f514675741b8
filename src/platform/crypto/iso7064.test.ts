import { describe, expect, it } from 'vitest';
import { isValidMod37_36, mod37_36CheckChar } from './iso7064.js';

// Published examples of ISO/IEC 7064 MOD 37,36 (the hybrid system for alphanumeric strings).
const VECTORS: [string, string][] = [
  ['A12425GABC1234002', 'M'],
  ['RABD', 'A'],
  ['X0H', 'X'],
  ['B7Q3SFTUSH2QN7BIXBPMNZAM', 'I'],
  ['UFSYYJO9FCID766EJYAEINTG43UZDD84MT6ZUDH08OM4N1K', 'N'],
  ['ROYL38YZ9TDGPNB5MT40CEWGURAOKF07XEYTV3M', '6'],
  ['TBR', '1'],
  ['EFWW032G2TI', 'U'],
  ['9', 'J'],
  ['B3739U6CR', 'K'],
  ['OW', 'N'],
  ['1M', 'Q'],
  ['WP8Z0', '9'],
];

describe('ISO 7064 MOD 37,36', () => {
  it.each(VECTORS)('gives %s the check character %s', (text, check) => {
    expect(mod37_36CheckChar(text)).toBe(check);
    expect(isValidMod37_36(text + check)).toBe(true);
  });

  it('catches every single changed character and every swap of neighbours in the examples', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const [text, check] of VECTORS) {
      const full = text + check;
      for (let i = 0; i < full.length; i++) {
        for (const c of alphabet) {
          if (c === full[i]) continue;
          expect(isValidMod37_36(full.slice(0, i) + c + full.slice(i + 1))).toBe(false);
        }
        if (i + 1 < full.length && full[i] !== full[i + 1]) {
          const swapped = full.slice(0, i) + full[i + 1] + full[i] + full.slice(i + 2);
          expect(isValidMod37_36(swapped)).toBe(false);
        }
      }
    }
  });

  it('accepts lower case as upper case and refuses characters outside 0-9 A-Z', () => {
    expect(isValidMod37_36('rabda')).toBe(true);
    expect(isValidMod37_36('RA-BDA')).toBe(false);
    expect(() => mod37_36CheckChar('RA-BD')).toThrow(RangeError);
  });
});
