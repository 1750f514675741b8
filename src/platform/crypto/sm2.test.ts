import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair, isSm2PublicKey, sm2PublicKeyOf, sm2Sign, sm2Verify, sm3 } from './sm2.js';

describe('SM3', () => {
  it('hashes the GB/T 32905 example "abc"', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes the 64-byte GB/T 32905 example', () => {
    expect(sm3('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('SM2 signatures', () => {
  const keys = generateSm2KeyPair();
  const message = '{"h":"峡州市通办餐饮管理有限公司","i":"1.2.156.3005.2.SPJY.SCJG411200.0000001.001.K"}';

  it('makes key pairs whose public half is the private half times G', () => {
    expect(keys.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(isSm2PublicKey(keys.publicKey)).toBe(true);
    expect(sm2PublicKeyOf(keys.privateKey)).toBe(keys.publicKey);
    expect(generateSm2KeyPair().privateKey).not.toBe(keys.privateKey);
  });

  it('verifies its own signature, and a fresh signature each time (random nonce)', () => {
    const a = sm2Sign(message, keys);
    const b = sm2Sign(message, keys);
    expect(a).toMatch(/^[0-9a-f]{128}$/);
    expect(a).not.toBe(b);
    expect(sm2Verify(message, a, keys.publicKey)).toBe(true);
    expect(sm2Verify(message, b, keys.publicKey)).toBe(true);
  });

  it('refuses a changed message, a changed signature and another key', () => {
    const sig = sm2Sign(message, keys);
    expect(sm2Verify(message.replace('峡州', '峡洲'), sig, keys.publicKey)).toBe(false);
    const flipped = (sig[10] === '0' ? '1' : '0') as string;
    expect(sm2Verify(message, sig.slice(0, 10) + flipped + sig.slice(11), keys.publicKey)).toBe(false);
    expect(sm2Verify(message, sig, generateSm2KeyPair().publicKey)).toBe(false);
    expect(sm2Verify(message, sig.slice(0, 127), keys.publicKey)).toBe(false);
    expect(sm2Verify(message, 'zz', 'not a key')).toBe(false);
  });
});
