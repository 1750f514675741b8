/**
 * Base64url without padding (RFC 4648 §5). Decoding is strict: Node's decoder ignores stray
 * characters and the unused low bits of the last character, so two different strings can decode to
 * the same bytes — for a signed token that would let a changed character pass. Only the one
 * canonical spelling of some bytes is accepted.
 */
export function toBase64url(bytes: Uint8Array | string): string {
  return Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64url');
}

export function fromBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
