import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../../platform/crypto/sm2.js';
import { formatIdentifier } from './identifier.js';
import { verifyOffline } from './offline.js';
import { signToken } from './token.js';

describe('verifyOffline', () => {
  const key = generateSm2KeyPair();
  const info = {
    kid: 'GA-411202-abcdefabcdef',
    departmentCode: 'GA-411202',
    publicKey: key.publicKey,
    createdAt: '',
  };
  const { token } = signToken(
    {
      i: formatIdentifier({ typeCode: 'LIC-SFZ', issuerCode: 'GA-411202', serial: 1, version: 1 }),
      t: 'LIC-SFZ',
      h: '张晓峡',
      n: '4112**********2416',
      d: '2016-04-12',
      v: '2036-04-12',
      k: info.kid,
      s: 'AAAAAAAAAAAAAAAAAAAAAA',
    },
    key,
  );

  it('accepts a token signed by a known key within its term', () => {
    expect(verifyOffline(token, [info], '2026-01-01')).toMatchObject({
      valid: true,
      payload: { h: '张晓峡' },
    });
  });

  it('refuses an unknown key and an expired licence, with the reason', () => {
    expect(verifyOffline(token, [], '2026-01-01')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('密钥'),
    });
    expect(verifyOffline(token, [info], '2036-04-13')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('有效期'),
    });
  });
});
