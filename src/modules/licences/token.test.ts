import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../../platform/crypto/sm2.js';
import { formatIdentifier } from './identifier.js';
import { dateProblem, decodeToken, signToken, type TokenPayload, verifyTokenSignature } from './token.js';

const key = generateSm2KeyPair();
const kid = 'SCJG-411200-0123456789ab';
const payload: TokenPayload = {
  i: formatIdentifier({ typeCode: 'LIC-SPJY', issuerCode: 'SCJG-411200', serial: 7, version: 1 }),
  t: 'LIC-SPJY',
  h: '峡州市通办餐饮管理有限公司',
  n: '9141**********2L7X',
  d: '2026-03-16',
  v: '2031-03-15',
  k: kid,
  s: 'q83vEjRWeJCrze8SNFZ4kA',
};
const keyOf = (k: string) => (k === kid ? key.publicKey : undefined);

describe('licence token', () => {
  const { token } = signToken(payload, key);

  it('verifies with the public key its key id names, and gives back the data', () => {
    const r = verifyTokenSignature(token, keyOf);
    expect(r).toMatchObject({ ok: true, payload });
  });

  it('is short enough for a QR code on paper', () => {
    expect(token.length).toBeLessThan(520);
  });

  it('is invalid when any one character is changed', () => {
    // Every position of both parts, the last characters of each (with unused bits) among them.
    const [body, sig] = token.split('.') as [string, string];
    const positions = new Set<number>([0, body.length - 1, body.length + 1, token.length - 1]);
    for (let i = 0; i < token.length; i += 17) positions.add(i);
    for (const i of positions) {
      const ch = token[i]!;
      const other = ch === 'A' ? 'B' : ch === '.' ? '-' : 'A';
      const changed = token.slice(0, i) + other + token.slice(i + 1);
      const r = verifyTokenSignature(changed, keyOf);
      expect(r.ok, `position ${i} (${ch} → ${other})`).toBe(false);
    }
    expect(sig.length).toBe(86);
  });

  it('is invalid under another key, and says why in Chinese', () => {
    const other = generateSm2KeyPair();
    const r = verifyTokenSignature(token, () => other.publicKey);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('签名') });
    expect(verifyTokenSignature(token, () => undefined)).toMatchObject({ ok: false });
  });

  it('refuses text that is not a token', () => {
    for (const bad of ['', 'hello', 'a.b.c', `${token}.x`, '%%%.%%%'])
      expect(decodeToken(bad).ok).toBe(false);
  });

  it('refuses a token whose data were re-encoded in another order, though the signature matches the data', () => {
    const [, sig] = token.split('.');
    // The payload as built (i, t, h, …), not in canonical key order.
    const reordered = Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(verifyTokenSignature(`${reordered}.${sig}`, keyOf).ok).toBe(false);
  });

  it('checks the dates: not before issue, not after the end of the term, long-term for ever', () => {
    expect(dateProblem(payload, '2026-03-16')).toBeNull();
    expect(dateProblem(payload, '2031-03-15')).toBeNull();
    expect(dateProblem(payload, '2031-03-16')).toContain('有效期');
    expect(dateProblem(payload, '2026-03-15')).toContain('签发日期');
    expect(dateProblem({ ...payload, v: null }, '2099-01-01')).toBeNull();
  });
});
