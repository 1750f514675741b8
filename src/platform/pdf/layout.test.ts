import { describe, expect, it } from 'vitest';
import { loadChineseFonts, missingGlyphs } from './fonts.js';
import { type Block, flowBlocks, justifySpacing, measure, type TextStyle, wrapText } from './layout.js';

const style: TextStyle = { font: loadChineseFonts().serif, size: 16 };
const em = 16;

describe('wrapText', () => {
  it('fits 28 ideographs into a line 28 characters wide', () => {
    const lines = wrapText(style, '字'.repeat(56), { width: 28 * em });
    expect(lines.map((l) => [...l.text].length)).toEqual([28, 28]);
    expect(lines.map((l) => l.last)).toEqual([false, true]);
  });

  it('indents the first line of each paragraph by two characters', () => {
    const lines = wrapText(style, `${'字'.repeat(30)}\n${'文'.repeat(30)}`, {
      width: 28 * em,
      firstLineIndent: 2 * em,
    });
    expect(lines.map((l) => [...l.text].length)).toEqual([26, 4, 26, 4]);
  });

  it('never starts a line with closing punctuation nor ends one with an opening mark', () => {
    // The comma would fall first on the second line; it takes the character before it along.
    const lines = wrapText(style, `${'字'.repeat(28)}，再（括号）后`, { width: 28 * em });
    expect(lines[1]!.text.startsWith('，')).toBe(false);
    expect(lines[0]!.text).toHaveLength(27);
    const open = wrapText(style, `${'字'.repeat(27)}（括号）`, { width: 28 * em });
    expect(open[0]!.text.endsWith('（')).toBe(false);
    expect(open[1]!.text.startsWith('（括')).toBe(true);
  });

  it('keeps numbers and Latin words whole', () => {
    const lines = wrapText(style, `${'字'.repeat(26)}2026年`, { width: 28 * em });
    expect(lines.map((l) => l.text)).toEqual(['字'.repeat(26), '2026年']);
  });

  it('splits a long URL, preferably after a slash or a dot, and never overflows', () => {
    const text =
      '可通过峡州市政务服务网（https://zwfw.xiazhou.gov.cn/case/query?no=TB20261120000123）在线提交';
    const lines = wrapText(style, text, { width: 20 * em });
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(20 * em + 0.01);
    expect(lines.map((l) => l.text).join('')).toBe(text);
    expect(lines[0]!.text).toMatch(/[/.=?&]$/);
  });

  it('measures what pdfkit will draw: the sum of the line is the line', () => {
    const [line] = wrapText(style, '峡州市通办餐饮管理有限公司：', { width: 28 * em });
    expect(line!.width).toBeCloseTo(measure(style, '峡州市通办餐饮管理有限公司：'), 5);
  });
});

describe('justifySpacing', () => {
  it('stretches a full line to the width and leaves a last line alone', () => {
    const [first, last] = wrapText(style, `${'字'.repeat(27)}2026年`, { width: 28 * em });
    expect(justifySpacing(first!, 28 * em, em)).toBeCloseTo(em / 26, 5);
    expect(justifySpacing(last!, 28 * em, em)).toBe(0);
  });
});

describe('flowBlocks', () => {
  const line = (extra: Partial<Block> = {}): Block => ({ height: 10, draw: () => {}, ...extra });

  it('moves to the next page what does not fit, dropping the space above a page’s first block', () => {
    const blocks = [line(), line(), line({ spaceBefore: 5 }), line({ spaceBefore: 5 })];
    const flow = flowBlocks(blocks, 0, 36);
    expect(flow.placed.map((p) => [p.page, p.top])).toEqual([
      [0, 0],
      [0, 10],
      [0, 25],
      [1, 0],
    ]);
    expect(flow.pages).toBe(2);
    expect(flow.end).toBe(10);
  });

  it('takes blocks marked keepWithNext along to the next page', () => {
    const blocks = [line(), line(), line({ keepWithNext: true }), line({ height: 20 })];
    const flow = flowBlocks(blocks, 0, 40);
    expect(flow.placed.map((p) => p.page)).toEqual([0, 0, 1, 1]);
  });

  it('repeats a page header above a block that opens a continuation page', () => {
    const header = line({ height: 4 });
    const row = () => line({ pageHeader: header });
    const flow = flowBlocks([header, row(), row(), row(), row()], 0, 30);
    expect(flow.placed.map((p) => [p.page, p.top, p.headerTop])).toEqual([
      [0, 0, undefined],
      [0, 4, undefined],
      [0, 14, undefined],
      [1, 4, 0],
      [1, 14, undefined],
    ]);
  });

  it('never lets a block run past the bottom unless it is taller than a page', () => {
    const blocks = Array.from({ length: 50 }, (_, i) =>
      line({ height: 5 + (i % 7), spaceBefore: i % 3, keepWithNext: i % 5 === 0 }),
    );
    for (const p of flowBlocks(blocks, 20, 100).placed)
      expect(p.top + p.block.height).toBeLessThanOrEqual(100);
  });
});

describe('fonts', () => {
  it('cover the characters of names, addresses and official documents', () => {
    const text = '峡州市通办餐饮管理有限公司〔2026〕第000123号：龘堃犇淼喆昇珺琤赟甦镕氹①№——…“”《》';
    expect(missingGlyphs(loadChineseFonts().serif, text)).toEqual([]);
    expect(missingGlyphs(loadChineseFonts().serifBold, text)).toEqual([]);
  });
});
