/**
 * ISO/IEC 7064 MOD 37,36: the hybrid check character system for alphanumeric strings (0-9, A-Z) with
 * one alphanumeric check character. GB/T 36903 (电子证照 标识) ends a licence identifier with it.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

function charValue(ch: string): number {
  const v = ALPHABET.indexOf(ch);
  if (v < 0) throw new RangeError(`ISO 7064 MOD 37,36: "${ch}" is not 0-9 or A-Z`);
  return v;
}

/** The running product after `text`: M for the empty string, 1 after a string whose check is valid. */
function run(text: string): number {
  let p = M;
  for (const ch of text) {
    let s = (p + charValue(ch)) % M;
    if (s === 0) s = M;
    p = (s * 2) % (M + 1);
  }
  return p;
}

/** The check character to append to `text` (upper-case letters and digits only). */
export function mod37_36CheckChar(text: string): string {
  const p = run(text.toUpperCase());
  return ALPHABET[(M + 1 - p) % M]!;
}

/** Whether `textWithCheck` ends with its correct check character. */
export function isValidMod37_36(textWithCheck: string): boolean {
  const v = textWithCheck.toUpperCase();
  if (v.length < 2 || ![...v].every((c) => ALPHABET.includes(c))) return false;
  let s = (run(v.slice(0, -1)) + charValue(v.slice(-1))) % M;
  if (s === 0) s = M;
  return s === 1;
}
