import { A4, createChineseDocument, FONT, GBT9704_MARGINS, MM } from './document.js';
import {
  type Block,
  flowBlocks,
  justifySpacing,
  type Line,
  measure,
  type TextStyle,
  wrapText,
} from './layout.js';
import { drawSeal } from './seal.js';

/** A notice about a case: 受理通知书, 补正材料通知书, 不予受理决定书 and the like. */
export interface OfficialNotice {
  /** e.g. 受理通知书 */
  title: string;
  /** 文号, e.g. 峡审批受字〔2026〕第000123号 */
  documentNo: string;
  /** 主送, e.g. 峡州市通办餐饮管理有限公司： */
  recipient: string;
  /** Body paragraphs; each is printed with a two-character first-line indent. */
  paragraphs: string[];
  /** An optional bordered table after the paragraphs, e.g. the materials to correct. */
  table?: { columns: string[]; rows: string[][] };
  /** Paragraphs after the table, e.g. 特此通知。 */
  closingParagraphs?: string[];
  /** 发文机关署名, the department's name. */
  issuer: string;
  /** 成文日期 as YYYY-MM-DD; printed 2026年11月23日. */
  date: string;
  /** Text along the seal's arc, usually the department's name. */
  sealText: string;
  /** Small print at the foot of the last page, e.g. 办件编号 and how to look the case up; `\n` breaks lines. */
  footer?: string;
}

// GB/T 9704-2012 geometry: a 156 mm × 225 mm 版心 holding 22 lines of 28 characters of 3号 (16 pt)
// type. 28 characters are set exactly to the width, which makes the body 15.8 pt.
const LEFT = GBT9704_MARGINS.left;
const WIDTH = A4.width - GBT9704_MARGINS.left - GBT9704_MARGINS.right;
const TOP = GBT9704_MARGINS.top;
const BOTTOM = A4.height - GBT9704_MARGINS.bottom;
const BODY_SIZE = WIDTH / 28;
const BODY_PITCH = (225 * MM) / 22;
/** 2号小标宋 title. */
const TITLE_SIZE = 22;
const TITLE_PITCH = 34;
/** 小四 in tables, 五号 in the footer and 四号 page numbers. */
const TABLE_SIZE = 12;
const TABLE_PITCH = 17;
const FOOTER_SIZE = 10.5;
const FOOTER_PITCH = 15;
const PAGE_NO_SIZE = 14;
/** A 机关 seal is 42 mm across. */
const SEAL_RADIUS = 21 * MM;

export async function renderOfficialNotice(n: OfficialNotice): Promise<Buffer> {
  const printedDate = formatChineseDate(n.date);
  const { doc, fonts, finish } = createChineseDocument({
    info: { title: n.title, author: n.issuer, subject: `${n.title} ${n.documentNo}` },
  });
  const body: TextStyle = { font: fonts.serif, size: BODY_SIZE };
  const bold: TextStyle = { font: fonts.serifBold, size: TITLE_SIZE };
  const cell: TextStyle = { font: fonts.serif, size: TABLE_SIZE };
  const cellBold: TextStyle = { font: fonts.serifBold, size: TABLE_SIZE };
  const small: TextStyle = { font: fonts.serif, size: FOOTER_SIZE };

  /** Draws one line with its em box centred in a line box of height `pitch` starting at `top`. */
  const drawLine = (
    style: TextStyle,
    fontName: string,
    text: string,
    x: number,
    top: number,
    pitch: number,
    spacing = 0,
  ) => {
    doc
      .font(fontName)
      .fontSize(style.size)
      .text(text, x, baselineIn(top, pitch, style.size), {
        lineBreak: false,
        baseline: 'alphabetic',
        characterSpacing: spacing,
      });
  };

  /** Justified lines of a paragraph, each its own block so that paragraphs can run over pages. */
  const paragraphBlocks = (text: string, indent: number, spaceBefore: number): Block[] =>
    wrapText(body, text, { width: WIDTH, firstLineIndent: indent }).map((line, i, lines) => {
      const x = LEFT + (i === 0 ? indent : 0);
      const width = WIDTH - (i === 0 ? indent : 0);
      return {
        height: BODY_PITCH,
        spaceBefore: i === 0 ? spaceBefore : 0,
        // Neither a paragraph's first line alone at the foot of a page nor its last alone at the top.
        keepWithNext: lines.length > 1 && (i === 0 || i === lines.length - 2),
        draw: (top) =>
          drawLine(body, FONT.body, line.text, x, top, BODY_PITCH, justifySpacing(line, width, body.size)),
      };
    });

  const blocks: Block[] = [];

  // Title, centred; a long one is broken into lines of similar length (GB/T 9704 wants it symmetric).
  for (const line of balancedLines(bold, n.title, WIDTH - 4 * TITLE_SIZE)) {
    blocks.push({
      height: TITLE_PITCH,
      draw: (top) => drawLine(bold, FONT.bold, line.text, LEFT + (WIDTH - line.width) / 2, top, TITLE_PITCH),
    });
  }
  const noWidth = measure(body, n.documentNo);
  blocks.push({
    height: BODY_PITCH,
    spaceBefore: BODY_PITCH * 0.3,
    draw: (top) => drawLine(body, FONT.body, n.documentNo, LEFT + (WIDTH - noWidth) / 2, top, BODY_PITCH),
  });
  blocks.push(...paragraphBlocks(n.recipient, 0, BODY_PITCH * 0.7));
  for (const p of n.paragraphs) blocks.push(...paragraphBlocks(p, 2 * BODY_SIZE, 0));
  if (n.table && n.table.columns.length > 0) {
    blocks.push(...tableBlocks(doc, n.table, { cell, cellBold }, BODY_PITCH * 0.3));
  }
  for (const [i, p] of (n.closingParagraphs ?? []).entries()) {
    blocks.push(...paragraphBlocks(p, 2 * BODY_SIZE, i === 0 && n.table ? BODY_PITCH * 0.3 : 0));
  }

  // GB/T 9704: the signature page must carry body text too, so the last two lines go along with it.
  for (const b of blocks.slice(-2)) b.keepWithNext = true;
  blocks.push(signatureBlock(doc, n, printedDate, body));

  const flow = flowBlocks(blocks, TOP, BOTTOM);
  const footerLines = n.footer ? wrapText(small, n.footer, { width: WIDTH - 2 * FOOTER_SIZE }) : [];
  const footerHeight = footerLines.length > 0 ? footerLines.length * FOOTER_PITCH + 10 : 0;
  const footerTop = BOTTOM - footerHeight;
  const pages =
    flow.end + BODY_PITCH * 0.5 > footerTop && footerLines.length > 0 ? flow.pages + 1 : flow.pages;

  for (let page = 0; page < pages; page++) {
    if (page > 0) doc.addPage();
    for (const placed of flow.placed) {
      if (placed.page !== page) continue;
      if (placed.headerTop !== undefined) placed.block.pageHeader?.draw(placed.headerTop);
      placed.block.draw(placed.top);
    }
    if (pages > 1) pageNumber(doc, page + 1);
  }
  if (footerLines.length > 0) {
    // 版记: between two rules the full width of the type area, pinned to the foot of the last page.
    doc.lineWidth(0.35 * MM).strokeColor('black');
    doc
      .moveTo(LEFT, footerTop)
      .lineTo(LEFT + WIDTH, footerTop)
      .stroke();
    for (const [i, line] of footerLines.entries()) {
      drawLine(
        small,
        FONT.body,
        line.text,
        LEFT + FOOTER_SIZE,
        footerTop + 5 + i * FOOTER_PITCH,
        FOOTER_PITCH,
      );
    }
    doc
      .moveTo(LEFT, BOTTOM)
      .lineTo(LEFT + WIDTH, BOTTOM)
      .stroke();
  }
  return finish();
}

/** 2026-01-05 → 2026年1月5日 (GB/T 9704: the year in full, month and day without leading zeros). */
export function formatChineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  const check = new Date(Date.UTC(Number(y), month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${date}`);
  }
  return `${y}年${month}月${day}日`;
}

/** Baseline that centres the ideographic em box (0.88 em above, 0.12 em below the baseline) in a line box. */
function baselineIn(top: number, pitch: number, size: number): number {
  return top + (pitch - size) / 2 + 0.88 * size;
}

/** Wraps `text` into the fewest lines, then evens their lengths out. */
function balancedLines(style: TextStyle, text: string, width: number): Line[] {
  const greedy = wrapText(style, text, { width });
  if (greedy.length < 2) return greedy;
  const total = greedy.reduce((sum, l) => sum + l.width, 0);
  let target = total / greedy.length;
  for (;;) {
    const lines = wrapText(style, text, { width: Math.min(width, target) });
    if (lines.length <= greedy.length) return lines;
    target += style.size / 2;
  }
}

/**
 * 发文机关署名 above 成文日期, both centred on one axis with the date four characters from the right;
 * the seal is pressed over both so that they sit a little below its centre, its top within a line of
 * the text above it (GB/T 9704-2012 7.3.5.1).
 */
function signatureBlock(
  doc: PDFKit.PDFDocument,
  n: OfficialNotice,
  printedDate: string,
  body: TextStyle,
): Block {
  const issuerWidth = measure(body, n.issuer);
  const dateWidth = measure(body, printedDate);
  const right = LEFT + WIDTH;
  let axis = right - 4 * body.size - dateWidth / 2;
  const half = Math.max(issuerWidth, dateWidth) / 2;
  // A long name would run past the margin: then it ends two characters from the right instead.
  if (axis + half > right - 2 * body.size) axis = right - 2 * body.size - half;
  const gap = BODY_PITCH * 0.3;
  const textMiddle = SEAL_RADIUS + SEAL_RADIUS * 0.2;
  return {
    spaceBefore: 0,
    height: gap + 2 * SEAL_RADIUS,
    draw(top) {
      const sealY = top + gap + SEAL_RADIUS;
      const issuerTop = top + gap + textMiddle - BODY_PITCH;
      for (const [text, width, lineTop] of [
        [n.issuer, issuerWidth, issuerTop],
        [printedDate, dateWidth, issuerTop + BODY_PITCH],
      ] as const) {
        doc
          .font(FONT.body)
          .fontSize(body.size)
          .text(text, axis - width / 2, baselineIn(lineTop, BODY_PITCH, body.size), {
            lineBreak: false,
            baseline: 'alphabetic',
          });
      }
      drawSeal(doc, { x: axis, y: sealY, radius: SEAL_RADIUS, text: n.sealText });
    },
  };
}

interface TableStyles {
  cell: TextStyle;
  cellBold: TextStyle;
}

const PAD_X = 6;
const PAD_Y = 5;

/** A bordered table: one block per row, the header row repeated on every page the table runs onto. */
function tableBlocks(
  doc: PDFKit.PDFDocument,
  table: NonNullable<OfficialNotice['table']>,
  styles: TableStyles,
  spaceBefore: number,
): Block[] {
  const cols = table.columns.length;
  for (const row of table.rows) {
    if (row.length > cols) throw new RangeError(`table row has ${row.length} cells for ${cols} columns`);
  }
  const widths = columnWidths(table, styles);
  const short = widths.map((w) => w <= 5 * styles.cell.size + 2 * PAD_X);

  const rowBlock = (cells: string[], header: boolean): Block => {
    const style = header ? styles.cellBold : styles.cell;
    const wrapped = widths.map((w, c) => wrapText(style, cells[c] ?? '', { width: w - 2 * PAD_X }));
    const height = Math.max(...wrapped.map((lines) => lines.length)) * TABLE_PITCH + 2 * PAD_Y;
    return {
      height,
      draw(top) {
        let x = LEFT;
        doc.lineWidth(0.75).strokeColor('black');
        widths.forEach((w, c) => {
          doc.rect(x, top, w, height).stroke();
          const lines = wrapped[c]!;
          // Vertically centred, as Chinese forms are; short columns (序号, 份数) and headers centred.
          const textTop = top + (height - lines.length * TABLE_PITCH) / 2;
          const centre = header || (short[c] && lines.length === 1);
          lines.forEach((line, i) => {
            const lx = centre ? x + (w - line.width) / 2 : x + PAD_X;
            doc
              .font(header ? FONT.bold : FONT.body)
              .fontSize(style.size)
              .text(line.text, lx, baselineIn(textTop + i * TABLE_PITCH, TABLE_PITCH, style.size), {
                lineBreak: false,
                baseline: 'alphabetic',
              });
          });
          x += w;
        });
      },
    };
  };

  const header = rowBlock(table.columns, true);
  const rows = table.rows.map((r) => ({ ...rowBlock(r, false), pageHeader: header }));
  return [{ ...header, spaceBefore, keepWithNext: rows.length > 0 }, ...rows];
}

/**
 * Column widths that fill the type area: each column gets what its longest cell needs on one line if
 * everything fits, otherwise at least its longest unbreakable piece and a share of the rest in
 * proportion to how much more it would like.
 */
function columnWidths(table: NonNullable<OfficialNotice['table']>, styles: TableStyles): number[] {
  const cols = table.columns.length;
  const pref: number[] = [];
  const min: number[] = [];
  for (let c = 0; c < cols; c++) {
    let p = measure(styles.cellBold, table.columns[c]!);
    let m = Math.min(p, 2 * styles.cell.size);
    for (const row of table.rows) {
      const text = row[c] ?? '';
      for (const part of text.split('\n')) p = Math.max(p, measure(styles.cell, part));
      for (const word of text.split(/[\s\u3400-\u9fff\uff00-\uffef，。、；：？！（）《》]+/)) {
        m = Math.max(m, Math.min(measure(styles.cell, word), 8 * styles.cell.size));
      }
    }
    pref.push(p + 2 * PAD_X + 1);
    min.push(m + 2 * PAD_X + 1);
  }
  const sumPref = pref.reduce((a, b) => a + b, 0);
  if (sumPref <= WIDTH) return pref.map((p) => (p * WIDTH) / sumPref);
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin >= WIDTH) return min.map((m) => (m * WIDTH) / sumMin);
  const spare = WIDTH - sumMin;
  const want = sumPref - sumMin;
  return min.map((m, c) => m + ((pref[c]! - m) * spare) / want);
}

/** 页码: "— 1 —" in 4号 type 7 mm below the type area, odd pages to the right, even pages to the left. */
function pageNumber(doc: PDFKit.PDFDocument, page: number): void {
  const text = `— ${page} —`;
  doc.font(FONT.body).fontSize(PAGE_NO_SIZE);
  const width = doc.widthOfString(text);
  const x = page % 2 === 1 ? LEFT + WIDTH - PAGE_NO_SIZE - width : LEFT + PAGE_NO_SIZE;
  doc.text(text, x, BOTTOM + 7 * MM + 0.88 * PAGE_NO_SIZE, { lineBreak: false, baseline: 'alphabetic' });
}
