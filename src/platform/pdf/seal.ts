import type { Font } from 'fontkit';
import { loadChineseFonts } from './fonts.js';

export interface SealOptions {
  /** Centre of the seal, in PDF points from the page's top-left corner. */
  x: number;
  y: number;
  /** Outer radius in points; a 机关 seal is 42 mm across, i.e. radius 21 mm ≈ 59.5 pt. */
  radius: number;
  /** Text along the upper arc, usually the department's name. */
  text: string;
  /** Optional text in a line below the star, e.g. 业务专用章. */
  centerText?: string;
  /** Seal red by default. */
  color?: string;
  /** Font of the characters; the bold serif by default. */
  font?: Font;
}

export const SEAL_RED = '#d7000f';

/**
 * Draws a round official seal (公章): a red ring, the text along the arc with each character turned
 * to face outwards, and a five-pointed star. Everything is a vector path — the characters too — so
 * the seal is a picture, not text: it stays out of copied or extracted text, and its font need not be
 * embedded. It is painted in multiply mode, so the black text it is pressed onto stays legible, as
 * ink would.
 */
export function drawSeal(doc: PDFKit.PDFDocument, options: SealOptions): void {
  const { x, y, radius: r, text } = options;
  const color = options.color ?? SEAL_RED;
  const font = options.font ?? loadChineseFonts().serifBold;
  const ring = r * 0.055;

  doc.save();
  multiply(doc);
  doc.fillColor(color).strokeColor(color);
  doc
    .lineWidth(ring)
    .circle(x, y, r - ring / 2)
    .stroke();
  star(doc, x, y, r * 0.3);

  const chars = [...text.replace(/\s+/g, '')];
  if (chars.length > 0) {
    // Characters as tall as ~30% of the radius; spread over up to 250° of the circle, and made narrower
    // (as seal carvers do) when a long name would not otherwise fit.
    const height = r * 0.32;
    const arcRadius = r - ring - r * 0.06 - height / 2;
    const natural = ((height * 1.1) / arcRadius) * chars.length;
    // Spaced out to about 230° when short (a name of 8 characters), squeezed up to 250° when long.
    const span = Math.min(deg(250), Math.max(natural, Math.min(deg(230), natural * 1.4)));
    const step = span / chars.length;
    const widthScale = Math.min(1, (step * arcRadius * 0.92) / height);
    chars.forEach((ch, i) => {
      const angle = -span / 2 + (i + 0.5) * step;
      const cx = x + arcRadius * Math.sin(angle);
      const cy = y - arcRadius * Math.cos(angle);
      glyph(doc, font, ch, { x: cx, y: cy, height, widthScale, rotate: (angle * 180) / Math.PI });
    });
  }

  if (options.centerText) {
    const height = r * 0.17;
    const chars2 = [...options.centerText];
    const pitch = Math.min(height * 1.05, (r * 1.1) / chars2.length);
    const widthScale = Math.min(1, pitch / (height * 1.05));
    const baseY = y + r * 0.5;
    chars2.forEach((ch, i) => {
      const cx = x + (i - (chars2.length - 1) / 2) * pitch;
      glyph(doc, font, ch, { x: cx, y: baseY, height, widthScale, rotate: 0 });
    });
  }
  doc.restore();
}

const deg = (d: number) => (d * Math.PI) / 180;

/** Multiply blend: red over black stays black, red over white stays red, like a real stamp. */
function multiply(doc: PDFKit.PDFDocument): void {
  const gs = doc.ref({ Type: 'ExtGState', BM: 'Multiply' });
  gs.end(undefined);
  const page = doc.page as PDFKit.PDFPage & { ext_gstates: Record<string, unknown> };
  const name = `GsSeal${Object.keys(page.ext_gstates).length + 1}`;
  page.ext_gstates[name] = gs;
  doc.addContent(`/${name} gs`);
}

function star(doc: PDFKit.PDFDocument, x: number, y: number, outer: number): void {
  const inner = outer * 0.382;
  const points: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const rr = i % 2 === 0 ? outer : inner;
    const a = (i * Math.PI) / 5;
    points.push([x + rr * Math.sin(a), y - rr * Math.cos(a)]);
  }
  doc.polygon(...points).fill();
}

interface GlyphPlacement {
  /** Centre of the character's em box. */
  x: number;
  y: number;
  height: number;
  widthScale: number;
  /** Clockwise, in degrees. */
  rotate: number;
}

function glyph(doc: PDFKit.PDFDocument, font: Font, ch: string, at: GlyphPlacement): void {
  const g = font.glyphForCodePoint(ch.codePointAt(0)!);
  const svg = g.path.toSVG();
  if (!svg) return;
  const os2 = font['OS/2'];
  // Ideographs are designed in the em box between the typographic ascender and descender.
  const emCentre = os2 ? (os2.typoAscender + os2.typoDescender) / 2 : font.unitsPerEm * 0.38;
  const scale = at.height / font.unitsPerEm;
  doc.save();
  doc.translate(at.x, at.y);
  doc.rotate(at.rotate);
  doc.scale(scale * at.widthScale, -scale);
  doc.translate(-g.advanceWidth / 2, -emCentre);
  doc.path(svg).fill();
  doc.restore();
}
