import { fromBase64url, toBase64url } from '../../platform/crypto/base64url.js';
import { canonicalJson } from '../../platform/crypto/canonical.js';
import { type Sm2KeyPair, sm2Sign, sm2Verify } from '../../platform/crypto/sm2.js';
import { parseIdentifier } from './identifier.js';

/**
 * What a licence's QR code carries: the facts a verifier shows, signed by the issuing department, as
 * `base64url(canonical JSON).base64url(SM2 signature)`. Short keys keep the code small enough to scan
 * from paper at a readable size; the holder's number is masked, so a lost printout leaks nothing a
 * glance at the licence would not. `s` binds the token to the full licence record (the SM3 digest of
 * its canonical form, first 16 bytes): the online check compares it with the stored record.
 */
export interface TokenPayload {
  /** identifier (GB/T 36903 style) */
  i: string;
  /** licence type code */
  t: string;
  /** holder's name */
  h: string;
  /** holder's number, masked */
  n: string;
  /** issue date YYYY-MM-DD */
  d: string;
  /** valid until YYYY-MM-DD, null = 长期 */
  v: string | null;
  /** key id of the signing key */
  k: string;
  /** digest of the full record, base64url */
  s: string;
}

export function signToken(payload: TokenPayload, key: Sm2KeyPair): { token: string; signature: string } {
  const text = canonicalJson(payload);
  const signature = sm2Sign(text, key);
  return { token: `${toBase64url(text)}.${toBase64url(Buffer.from(signature, 'hex'))}`, signature };
}

export type TokenCheck =
  | { ok: true; payload: TokenPayload; signature: string }
  | { ok: false; reason: string; payload?: TokenPayload };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Splits and decodes a token without checking the signature. */
export function decodeToken(token: string): TokenCheck {
  const unreadable = { ok: false as const, reason: '无法识别的证照二维码内容' };
  const parts = token.trim().split('.');
  if (parts.length !== 2) return unreadable;
  const body = fromBase64url(parts[0]!);
  const sig = fromBase64url(parts[1]!);
  if (!body || !sig || sig.length !== 64) return unreadable;
  const text = body.toString('utf8');
  let payload: TokenPayload;
  try {
    payload = JSON.parse(text) as TokenPayload;
  } catch {
    return unreadable;
  }
  const p = payload as unknown as Record<string, unknown>;
  const shapeOk =
    typeof p === 'object' &&
    p !== null &&
    ['i', 't', 'h', 'n', 'd', 'k', 's'].every((k) => typeof p[k] === 'string') &&
    (p.v === null || (typeof p.v === 'string' && DATE.test(p.v))) &&
    DATE.test(p.d as string) &&
    Object.keys(p).length === 8;
  // Only the canonical spelling was signed; any other is not a token we issued.
  if (!shapeOk || canonicalJson(payload) !== text) return unreadable;
  return { ok: true, payload, signature: sig.toString('hex') };
}

/**
 * Checks a token with the public key of its key id: well-formed, signed by that key, identifier
 * well-formed. Dates and revocation are the caller's (they need a clock and, for revocation, the
 * register).
 */
export function verifyTokenSignature(
  token: string,
  publicKeyOf: (kid: string) => string | undefined,
): TokenCheck {
  const decoded = decodeToken(token);
  if (!decoded.ok) return decoded;
  const { payload, signature } = decoded;
  const publicKey = publicKeyOf(payload.k);
  if (!publicKey) return { ok: false, reason: '签发密钥未登记，无法确认证照来源' };
  if (!sm2Verify(canonicalJson(payload), signature, publicKey))
    return { ok: false, reason: '电子签名校验失败，证照信息可能被篡改' };
  if (!parseIdentifier(payload.i)) return { ok: false, reason: '证照标识格式或校验位不正确', payload };
  return decoded;
}

/** Date checks of a verified payload against today's date (Asia/Shanghai). */
export function dateProblem(payload: TokenPayload, today: string): string | null {
  if (payload.d > today) return `证照签发日期 ${payload.d} 晚于今天，证照无效`;
  if (payload.v !== null && payload.v < today) return `证照已于 ${payload.v} 到期，已超过有效期`;
  return null;
}
