import type { Font } from 'fontkit';

/**
 * Chinese line breaking and page flow. pdfkit's own wrapper justifies only by stretching spaces, which
 * Chinese text does not have, and knows nothing of 避头尾 (a line never starts with ，。） nor ends with
 * （《), so lines are broken here and each is drawn on its own, justified by character spacing.
 */

export interface TextStyle {
  font: Font;
  /** Font size in points. */
  size: number;
}

const widthCache = new WeakMap<Font, Map<string, number>>();

/** Advance width of `text` in points, as pdfkit lays it out (fontkit shaping, kerning included). */
export function measure(style: TextStyle, text: string): number {
  let cache = widthCache.get(style.font);
  if (!cache) {
    cache = new Map();
    widthCache.set(style.font, cache);
  }
  let units = cache.get(text);
  if (units === undefined) {
    units = style.font.layout(text).advanceWidth;
    cache.set(text, units);
  }
  return (units * style.size) / style.font.unitsPerEm;
}

/** Punctuation that must not start a line (it sticks to what precedes it). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉〗’”…—·%‰,.;:?!)]}>']);
/** Punctuation that must not end a line (it sticks to what follows it). */
const NO_LINE_END = new Set([...'（《「『【〔〈〖‘“([{<']);

/** Ideographs, kana, hangul and full-width forms: a line may break before and after each of them. */
function breaksAround(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

interface Unit {
  text: string;
  /** Followed by a space, which is kept between units but dropped at a line's end. */
  spaceAfter: boolean;
}

/** Splits text into the smallest pieces a line may break between. */
function units(text: string): Unit[] {
  const out: Unit[] = [];
  let word = '';
  let pendingOpen = '';
  const push = (t: string) => {
    out.push({ text: pendingOpen + t, spaceAfter: false });
    pendingOpen = '';
  };
  const flushWord = () => {
    if (word) push(word);
    word = '';
  };
  for (const ch of text) {
    if (ch === ' ' || ch === '\t') {
      flushWord();
      const last = out[out.length - 1];
      if (last && !pendingOpen) last.spaceAfter = true;
      continue;
    }
    if (NO_LINE_START.has(ch)) {
      if (word) {
        word += ch;
        continue;
      }
      const last = out[out.length - 1];
      if (last && !pendingOpen && !last.spaceAfter) last.text += ch;
      else push(ch);
      continue;
    }
    if (NO_LINE_END.has(ch)) {
      flushWord();
      pendingOpen += ch;
      continue;
    }
    if (breaksAround(ch)) {
      flushWord();
      push(ch);
      continue;
    }
    // Latin letters and digits stay together: a number or a word never splits across lines.
    if (!word && pendingOpen) {
      word = pendingOpen;
      pendingOpen = '';
    }
    word += ch;
  }
  flushWord();
  if (pendingOpen) push('');
  return out;
}

/** Inside a URL or path a line preferably breaks after one of these. */
const SOFT_BREAK_AFTER = new Set([...'/.-_?&=#:@\\']);

/**
 * Where a too-long piece that started at `pieceStart` in `chars` is cut when `next` no longer fits:
 * after a nearby soft break (a slash or a dot of a URL), else before `next` — but never so that a line
 * starts with a closing mark or ends with an opening one.
 */
function splitPoint(chars: string[], pieceStart: number, next: string): number {
  const end = chars.length;
  for (let k = end - 1; k > Math.max(pieceStart, end - 12); k--) {
    if (SOFT_BREAK_AFTER.has(chars[k]!) && k + 1 < end) return k + 1;
  }
  const previous = chars[end - 1] ?? '';
  return (NO_LINE_START.has(next) || NO_LINE_END.has(previous)) && end > 1 ? end - 1 : end;
}

export interface Line {
  text: string;
  /** Natural width in points. */
  width: number;
  /** Last line of its paragraph: not justified. */
  last: boolean;
}

export interface WrapOptions {
  /** Width available to every line, in points. */
  width: number;
  /** Extra indent of the first line (两字缩进 is 2 × size), in points. */
  firstLineIndent?: number;
}

/** Breaks text into lines that fit `width`; `\n` forces a break. */
export function wrapText(style: TextStyle, text: string, options: WrapOptions): Line[] {
  const lines: Line[] = [];
  const indent = options.firstLineIndent ?? 0;
  const space = measure(style, ' ');
  for (const paragraph of text.split('\n')) {
    let current = '';
    let currentWidth = 0;
    let pendingSpace = false;
    let firstLine = true;
    // A hair of tolerance so that a line filled exactly (28 characters of 1/28 the width) still fits.
    const avail = () => options.width - (firstLine ? indent : 0) + 0.01;
    const append = (text: string, width: number) => {
      current += text;
      currentWidth += width;
    };
    const emit = (last: boolean) => {
      while (current.endsWith(' ')) {
        current = current.slice(0, -1);
        currentWidth -= space;
      }
      lines.push({ text: current, width: currentWidth, last });
      current = '';
      currentWidth = 0;
      pendingSpace = false;
      firstLine = false;
    };
    for (const unit of units(paragraph)) {
      const w = measure(style, unit.text);
      const gap = pendingSpace && current ? space : 0;
      const room = avail() - currentWidth - gap;
      if (w <= room) {
        if (gap) append(' ', space);
        append(unit.text, w);
      } else if (w > avail() || (w > 6 * style.size && room > 3 * style.size)) {
        // A long unbreakable piece (a URL, a long number) is split anywhere rather than leaving a wide
        // gap or running past the margin, as Chinese typesetting does.
        if (gap) append(' ', space);
        let pieceStart = [...current].length;
        for (const ch of unit.text) {
          const cw = measure(style, ch);
          if (current && currentWidth + cw > avail()) {
            const chars = [...current];
            const carry = chars.splice(splitPoint(chars, pieceStart, ch)).join('');
            current = chars.join('');
            currentWidth -= carry ? measure(style, carry) : 0;
            emit(false);
            if (carry) append(carry, measure(style, carry));
            pieceStart = 0;
          }
          append(ch, cw);
        }
      } else {
        emit(false);
        append(unit.text, w);
      }
      pendingSpace = unit.spaceAfter;
    }
    emit(true);
  }
  return lines;
}

/**
 * Character spacing that stretches `line` to `width` (两端对齐). Not for a paragraph's last line, nor
 * for a line that would need gaps wider than half a character (it looks broken; left-align it instead).
 */
export function justifySpacing(line: Line, width: number, size: number): number {
  if (line.last) return 0;
  const glyphs = [...line.text].length;
  if (glyphs < 2) return 0;
  const spacing = (width - line.width) / (glyphs - 1);
  return spacing > 0 && spacing <= size / 2 ? spacing : 0;
}

/** One unit of page flow: a line, a table row, a signature block. */
export interface Block {
  height: number;
  /** Space above the block, dropped when the block opens a page. */
  spaceBefore?: number;
  /** Moves to the next page together with the following block (e.g. body lines before a signature). */
  keepWithNext?: boolean;
  /** Drawn above this block when it opens a page, e.g. a table's header row. */
  pageHeader?: Block;
  draw(top: number): void;
}

export interface PlacedBlock {
  block: Block;
  page: number;
  top: number;
  /** Top of the page header drawn before the block, when it opens a page and has one. */
  headerTop?: number;
}

export interface Flow {
  placed: PlacedBlock[];
  pages: number;
  /** Bottom of the last block on the last page. */
  end: number;
}

/** Distributes blocks over pages whose content runs from `top` to `bottom`. Draws nothing. */
export function flowBlocks(blocks: Block[], top: number, bottom: number): Flow {
  const placed: PlacedBlock[] = [];
  let page = 0;
  let y = top;
  let firstOnPage = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const opens = i === firstOnPage;
    const gap = opens ? 0 : (block.spaceBefore ?? 0);
    if (!opens && y + gap + block.height > bottom) {
      let start = i;
      while (start - 1 > firstOnPage && blocks[start - 1]!.keepWithNext) start--;
      placed.length = start;
      page++;
      y = top;
      firstOnPage = start;
      i = start - 1;
      continue;
    }
    let headerTop: number | undefined;
    if (opens && block.pageHeader && page > 0) {
      headerTop = y;
      y += block.pageHeader.height;
    }
    placed.push({ block, page, top: y + gap, headerTop });
    y += gap + block.height;
  }
  return { placed, pages: page + 1, end: y };
}
