import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

// Typos in typed Chinese are mostly homophones picked from the IME list (备按 for 备案), and many
// people do not tell zh/z, ch/c, sh/s or n/l apart, so those are folded together; tones are
// dropped for the same reason. Folding -ng/-n too made unrelated words collide (针/证).
function fold(syllable: string): string {
  return syllable.replace(/^zh/, 'z').replace(/^ch/, 'c').replace(/^sh/, 's').replace(/^l/, 'n');
}

/** Toneless, folded pinyin of one unit; non-Han units (latin words, digits) are returned unchanged. */
export function unitPinyin(unit: string): string {
  const hit = cache.get(unit);
  if (hit !== undefined) return hit;
  // Each character is read on its own (not in context) so a document and a query always agree
  // on the reading of the same character; context-aware readings would split them on polyphones.
  const value = /\p{Script=Han}/u.test(unit)
    ? fold(pinyin(unit, { toneType: 'none', v: true }).toLowerCase())
    : unit;
  cache.set(unit, value);
  return value;
}
