import { Secret, TOTP } from 'otpauth';

/**
 * Staff second factor (等保 2.0 level 3: two or more authentication techniques for administrators):
 * TOTP per RFC 6238 with the parameters every authenticator app supports — SHA-1, 30-second steps,
 * 6 digits. One step either side is accepted for clock drift; the step used is returned so the
 * caller can refuse a code seen before (RFC 6238 §5.2).
 */
const PERIOD = 30;
const ISSUER = '通办';

const totpOf = (username: string, secretBase32: string) =>
  new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });

export function newOtpSecret(username: string): { secret: string; url: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, url: totpOf(username, secret).toString() };
}

/** The time step the code belongs to, or null when it matches none within the drift window. */
export function checkOtp(
  username: string,
  secretBase32: string,
  code: string,
  now = Date.now(),
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(username, secretBase32).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/** The current code (tests and the enrolment check of a client). */
export function currentOtp(secretBase32: string, now = Date.now()): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    timestamp: now,
  });
}
