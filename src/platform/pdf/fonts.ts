import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The Chinese fonts every PDF of the platform embeds. They come from an npm package (Noto Serif SC,
 * SIL OFL 1.1, complete static TrueType files of ~15 MB each) so that a fresh `npm install` has them:
 * no system fonts and no downloads at run time. Noto Serif SC is a Song/Ming (宋体) face: Regular
 * for the body, Bold as a stand-in for the 小标宋 of titles and for the characters of seals.
 */
export const FONT_FILES = {
  serif: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  serifBold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

export type ChineseFontName = keyof typeof FONT_FILES;
export type ChineseFonts = Record<ChineseFontName, fontkit.Font>;

const require = createRequire(import.meta.url);

/** Absolute path of a font file inside node_modules. */
export function fontPath(name: ChineseFontName): string {
  return require.resolve(FONT_FILES[name]);
}

let loaded: ChineseFonts | undefined;

/**
 * Parses the font files once per process: fontkit keeps glyph and layout caches on the parsed font,
 * so sharing it across documents keeps a warm render cheap (pdfkit subsets it anew for each PDF).
 */
export function loadChineseFonts(): ChineseFonts {
  if (!loaded) {
    loaded = { serif: open('serif'), serifBold: open('serifBold') };
  }
  return loaded;
}

function open(name: ChineseFontName): fontkit.Font {
  const file = fontPath(name);
  const font = fontkit.create(readFileSync(file));
  if (!('unitsPerEm' in font)) throw new Error(`${file} is a font collection, expected a single font`);
  return font;
}

/** Characters of `text` the font has no glyph for (they would print as empty boxes). */
export function missingGlyphs(font: fontkit.Font, text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20 && !font.hasGlyphForCodePoint(cp)) missing.add(ch);
  }
  return [...missing];
}
