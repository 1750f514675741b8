import { describe, expect, it } from 'vitest';
import { checkOtp, currentOtp, newOtpSecret } from './otp.js';

describe('TOTP second factor', () => {
  it('matches the RFC 6238 SHA-1 test vector (59 s → 94287082, last 6 digits)', () => {
    // RFC 6238 Appendix B: secret "12345678901234567890" (ASCII), T = 59 s, 8 digits 94287082.
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(currentOtp(base32, 59_000)).toBe('287082');
    expect(checkOtp('x', base32, '287082', 59_000)).toBe(1);
  });

  it('issues a base32 secret and an otpauth:// URL with the standard parameters', () => {
    const { secret, url } = newOtpSecret('zhang.san');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(url).toMatch(/^otpauth:\/\/totp\//);
    expect(url).toContain('algorithm=SHA1');
    expect(url).toContain('digits=6');
    expect(url).toContain('period=30');
  });

  it('accepts one step of drift and refuses older codes and non-digits', () => {
    const { secret } = newOtpSecret('a');
    const now = 1_800_000_000_000;
    expect(checkOtp('a', secret, currentOtp(secret, now - 30_000), now)).not.toBeNull();
    expect(checkOtp('a', secret, currentOtp(secret, now - 120_000), now)).toBeNull();
    expect(checkOtp('a', secret, 'abcdef', now)).toBeNull();
  });
});
