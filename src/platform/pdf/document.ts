import PDFDocument from 'pdfkit';
import { type ChineseFonts, loadChineseFonts } from './fonts.js';

/** Points per millimetre: page geometry is given in mm, as GB/T 9704 gives it. */
export const MM = 72 / 25.4;

/** A4 in points. */
export const A4 = { width: 210 * MM, height: 297 * MM } as const;

/**
 * GB/T 9704-2012 版心 of an official document on A4: 156 mm × 225 mm, top margin 37 mm and left
 * margin 28 mm (so right 26 mm and bottom 35 mm).
 */
export const GBT9704_MARGINS = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM } as const;

/** Names under which the Chinese fonts are registered in every document. */
export const FONT = { body: 'serif', bold: 'serifBold' } as const;

export interface ChineseDocumentOptions {
  /** Document information dictionary (shown as the PDF's title etc.). */
  info?: { title?: string; author?: string; subject?: string; keywords?: string };
  margins?: { top: number; left: number; right: number; bottom: number };
}

export interface ChineseDocument {
  doc: PDFKit.PDFDocument;
  fonts: ChineseFonts;
  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Buffer>;
}

/**
 * An A4 pdfkit document with the Chinese fonts registered (FONT.body selected, FONT.bold available).
 * Only the glyphs used are embedded (TrueType subsets); no standard PDF font is ever referenced, so
 * a viewer never substitutes a font that lacks Chinese.
 */
export function createChineseDocument(options: ChineseDocumentOptions = {}): ChineseDocument {
  const fonts = loadChineseFonts();
  const margins = options.margins ?? GBT9704_MARGINS;
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    pdfVersion: '1.7',
    // pdfkit ≥ 0.20 takes an already parsed fontkit font (not yet in @types/pdfkit); passing it here
    // keeps pdfkit from selecting (and writing out) its default Helvetica.
    font: fonts.serif as unknown as string,
    info: definedOnly({
      Title: options.info?.title,
      Author: options.info?.author,
      Subject: options.info?.subject,
      Keywords: options.info?.keywords,
      Creator: 'Tongban 通办',
    }),
    displayTitle: options.info?.title !== undefined,
    lang: 'zh-CN',
  });
  doc.registerFont(FONT.body, fonts.serif as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont(FONT.bold, fonts.serifBold as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font(FONT.body);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    fonts,
    finish() {
      doc.end();
      return done;
    },
  };
}

/** Builds a document with `build` and returns the PDF bytes. */
export async function renderChinesePdf(
  build: (doc: PDFKit.PDFDocument, fonts: ChineseFonts) => void | Promise<void>,
  options: ChineseDocumentOptions = {},
): Promise<Buffer> {
  const d = createChineseDocument(options);
  await build(d.doc, d.fonts);
  return d.finish();
}

/** pdfkit would print an absent entry as the string "undefined". */
function definedOnly(info: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(info).filter((e): e is [string, string] => e[1] !== undefined));
}
