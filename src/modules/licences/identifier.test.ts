import { describe, expect, it } from 'vitest';
import { formatIdentifier, licenceNumber, parseIdentifier } from './identifier.js';

describe('licence identifier (GB/T 36903 style)', () => {
  const parts = { typeCode: 'LIC-SPJY', issuerCode: 'SCJG-411200', serial: 1, version: 1 };

  it('is the e-licence arc, type, issuer, 7-digit serial, 3-digit version and a check character', () => {
    const id = formatIdentifier(parts);
    expect(id).toMatch(/^1\.2\.156\.3005\.2\.SPJY\.SCJG411200\.0000001\.001\.[0-9A-Z]$/);
    expect(parseIdentifier(id)).toEqual({
      type: 'SPJY',
      issuer: 'SCJG411200',
      serial: 1,
      version: 1,
      check: id.slice(-1),
    });
  });

  it('gives every version and serial its own identifier', () => {
    const ids = new Set(
      [1, 2, 3].flatMap((serial) => [1, 2].map((version) => formatIdentifier({ ...parts, serial, version }))),
    );
    expect(ids.size).toBe(6);
  });

  it('refuses an identifier with a changed character or a wrong check character', () => {
    const id = formatIdentifier({ ...parts, serial: 1234 });
    expect(parseIdentifier(id.replace('0001234', '0001235'))).toBeNull();
    const wrongCheck = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
    expect(parseIdentifier(wrongCheck)).toBeNull();
    expect(parseIdentifier(`${id}.1`)).toBeNull();
    expect(parseIdentifier('1.2.156.3005.1.SPJY.SCJG411200.0000001.001.K')).toBeNull();
  });

  it('refuses serials and versions that do not fit their digits', () => {
    expect(() => formatIdentifier({ ...parts, serial: 0 })).toThrow(RangeError);
    expect(() => formatIdentifier({ ...parts, serial: 10_000_000 })).toThrow(RangeError);
    expect(() => formatIdentifier({ ...parts, version: 1000 })).toThrow(RangeError);
  });

  it('prints a licence number from the type, the issuer’s region and the serial', () => {
    expect(licenceNumber(parts)).toBe('SPJY4112000000001');
  });
});
