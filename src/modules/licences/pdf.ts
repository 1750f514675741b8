import QRCode from 'qrcode';
import { A4, createChineseDocument, FONT, MM } from '../../platform/pdf/document.js';
import { measure, type TextStyle, wrapText } from '../../platform/pdf/layout.js';
import { drawSeal } from '../../platform/pdf/seal.js';
import { chineseDate } from './fields.js';

/** What the printed licence shows. */
export interface LicenceDocument {
  /** 证照名称, e.g. 食品经营许可证 */
  name: string;
  identifier: string;
  licenceNo: string;
  /** The type's fields in order, issuer and issue date excluded (they sign the foot). */
  fields: { label: string; value: string }[];
  issuerName: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD, null = 长期 */
  validUntil: string | null;
  /** Text of the QR code. */
  token: string;
  keyId: string;
  version: number;
  /** Shown across the page when the licence is no longer in force. */
  void?: { label: string; reason: string | null } | null;
}

const FRAME_RED = '#9b1b1b';
const FRAME_GOLD = '#b8893a';
const INK = '#1a1a1a';
const LABEL_BG = '#f6efe3';

const OUTER = 10 * MM;
const LEFT = 24 * MM;
const RIGHT = A4.width - 24 * MM;
const WIDTH = RIGHT - LEFT;
const LABEL_WIDTH = 42 * MM;
const QR_SIZE = 34 * MM;
const SEAL_RADIUS = 21 * MM;

/**
 * The licence as an A4 certificate: a framed page with the title, the licence number, the fields in
 * a ruled table, the QR code to verify it, and the issuing department's name and date under its red
 * e-seal. The seal is drawn, not an image; the fonts are embedded subsets, so the file prints the same
 * everywhere.
 */
export async function renderLicencePdf(l: LicenceDocument): Promise<Buffer> {
  const { doc, fonts, finish } = createChineseDocument({
    info: {
      title: `${l.name}（电子证照）`,
      author: l.issuerName,
      subject: `${l.name} ${l.identifier}`,
      keywords: `电子证照 ${l.identifier}`,
    },
    margins: { top: 0, left: 0, right: 0, bottom: 0 },
  });
  const put = (
    font: string,
    size: number,
    text: string,
    x: number,
    baseline: number,
    color = INK,
    spacing = 0,
  ) =>
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
  const centred = (
    font: string,
    style: TextStyle,
    text: string,
    baseline: number,
    color = INK,
    spacing = 0,
  ) => {
    const w = measure(style, text) + spacing * Math.max(0, [...text].length - 1);
    put(font, style.size, text, (A4.width - w) / 2, baseline, color, spacing);
  };

  frame(doc);

  // Header: the platform's mark and the standard identifier, small, above the title.
  const small: TextStyle = { font: fonts.serif, size: 8.5 };
  put(FONT.body, small.size, '电子证照', LEFT, 24 * MM, FRAME_RED);
  const idText = `证照标识 ${l.identifier}`;
  put(FONT.body, small.size, idText, RIGHT - measure(small, idText), 24 * MM, '#555555');

  // Title, spaced out as certificates are set.
  const titleSize = [...l.name].length > 8 ? 26 : 32;
  const title: TextStyle = { font: fonts.serifBold, size: titleSize };
  const spacing = [...l.name].length > 8 ? titleSize * 0.15 : titleSize * 0.45;
  centred(FONT.bold, title, l.name, 44 * MM, FRAME_RED, spacing);
  const sub: TextStyle = { font: fonts.serif, size: 12 };
  centred(FONT.body, sub, '（电子证照）', 53 * MM, '#444444');
  const noText = `编号：${l.licenceNo}`;
  const no: TextStyle = { font: fonts.serif, size: 12 };
  centred(FONT.body, no, noText, 63 * MM);
  // A rule under the heading.
  doc
    .lineWidth(0.8)
    .strokeColor(FRAME_GOLD)
    .moveTo(LEFT, 68 * MM)
    .lineTo(RIGHT, 68 * MM)
    .stroke();

  // Fields table: label | value, values wrapped; long tables set in smaller type to stay on the page.
  const rows = [
    ...l.fields.filter((f) => f.label),
    {
      label: '有效期限',
      value: `${chineseDate(l.issueDate)}至${l.validUntil ? chineseDate(l.validUntil) : '长期'}`,
    },
  ].filter((r, i, all) => all.findIndex((x) => x.label === r.label) === i);
  const tableTop = 74 * MM;
  const tableBottom = 208 * MM;
  let size = 12;
  let laid = layoutRows(rows, { font: fonts.serif, size }, { font: fonts.serifBold, size });
  while (laid.height > tableBottom - tableTop && size > 8.5) {
    size -= 0.5;
    laid = layoutRows(rows, { font: fonts.serif, size }, { font: fonts.serifBold, size });
  }
  let y = tableTop;
  const pitch = size * 1.5;
  doc.lineWidth(0.6).strokeColor('#8a7a66');
  for (const r of laid.rows) {
    const h = Math.min(r.height, tableBottom - y);
    doc.rect(LEFT, y, LABEL_WIDTH, h).fill(LABEL_BG);
    doc.rect(LEFT, y, LABEL_WIDTH, h).stroke();
    doc.rect(LEFT + LABEL_WIDTH, y, WIDTH - LABEL_WIDTH, h).stroke();
    const labelTop = y + (h - r.label.length * pitch) / 2;
    for (const [i, line] of r.label.entries()) {
      put(
        FONT.bold,
        size,
        line.text,
        LEFT + (LABEL_WIDTH - line.width) / 2,
        baseline(labelTop + i * pitch, pitch, size),
      );
    }
    const maxLines = Math.floor((h - 2 * PAD) / pitch);
    const lines = r.value.slice(0, maxLines);
    const valueTop = y + (h - lines.length * pitch) / 2;
    lines.forEach((line, i) => {
      const cut = i === maxLines - 1 && r.value.length > maxLines;
      put(
        FONT.body,
        size,
        cut ? `${line.text.slice(0, -1)}…` : line.text,
        LEFT + LABEL_WIDTH + PAD,
        baseline(valueTop + i * pitch, pitch, size),
      );
    });
    y += h;
    if (y >= tableBottom) break;
  }

  // Foot: QR code on the left, issuer, date and seal on the right.
  const footTop = 216 * MM;
  drawQr(doc, l.token, LEFT + 2 * MM, footTop, QR_SIZE);
  const cap: TextStyle = { font: fonts.serif, size: 9 };
  const capText = '扫码核验真伪';
  put(
    FONT.body,
    cap.size,
    capText,
    LEFT + 2 * MM + (QR_SIZE - measure(cap, capText)) / 2,
    footTop + QR_SIZE + 5 * MM,
    '#444444',
  );

  const body: TextStyle = { font: fonts.serif, size: 14 };
  const axis = RIGHT - 40 * MM;
  const issuerLabel = `发证机关：${l.issuerName}`;
  const dateText = chineseDate(l.issueDate);
  const issuerWidth = measure(body, issuerLabel);
  const issuerX = Math.min(axis - issuerWidth / 2, RIGHT - issuerWidth);
  put(FONT.body, body.size, issuerLabel, issuerX, footTop + 13 * MM);
  put(FONT.body, body.size, dateText, axis - measure(body, dateText) / 2, footTop + 31 * MM);
  // Pressed over the issuer's name and the date (骑年盖月), the star between the two lines.
  drawSeal(doc, {
    x: axis + 4 * MM,
    y: footTop + 20 * MM,
    radius: SEAL_RADIUS,
    text: l.issuerName,
  });

  // Small print between the foot and the frame.
  const fine: TextStyle = { font: fonts.serif, size: 8 };
  const notes = [
    '本证照为电子证照，与纸质证照具有同等法律效力。扫描二维码或在政务服务网“证照核验”页面可核验其真伪及状态。',
    `签名算法 SM2/SM3　签名密钥 ${l.keyId}　版本 ${String(l.version).padStart(3, '0')}`,
  ];
  let ny = 266 * MM;
  for (const n of notes) {
    for (const line of wrapText(fine, n, { width: WIDTH })) {
      put(FONT.body, fine.size, line.text, LEFT, ny, '#666666');
      ny += fine.size * 1.5;
    }
  }

  if (l.void) voidMark(doc, l.void.label, l.void.reason, fonts);
  return finish();
}

const PAD = 6;

interface LaidRow {
  label: { text: string; width: number }[];
  value: { text: string; width: number }[];
  height: number;
}

function layoutRows(
  rows: { label: string; value: string }[],
  body: TextStyle,
  bold: TextStyle,
): { rows: LaidRow[]; height: number } {
  const pitch = body.size * 1.5;
  const laid = rows.map((r) => {
    const label = wrapText(bold, r.label, { width: LABEL_WIDTH - 2 * PAD });
    const value = wrapText(body, r.value || '—', { width: WIDTH - LABEL_WIDTH - 2 * PAD });
    const lines = Math.max(label.length, value.length);
    return { label, value, height: Math.max(lines * pitch + 2 * PAD, 2 * pitch) };
  });
  return { rows: laid, height: laid.reduce((s, r) => s + r.height, 0) };
}

function baseline(top: number, pitch: number, size: number): number {
  return top + (pitch - size) / 2 + 0.88 * size;
}

/** A double frame, red outside and gold inside, with square corner ornaments. */
function frame(doc: PDFKit.PDFDocument): void {
  const w = A4.width - 2 * OUTER;
  const h = A4.height - 2 * OUTER;
  doc.save();
  doc.lineWidth(3).strokeColor(FRAME_RED).rect(OUTER, OUTER, w, h).stroke();
  doc
    .lineWidth(0.8)
    .strokeColor(FRAME_GOLD)
    .rect(OUTER + 2.2 * MM, OUTER + 2.2 * MM, w - 4.4 * MM, h - 4.4 * MM)
    .stroke();
  const c = 7 * MM;
  for (const [x, y] of [
    [OUTER + 2.2 * MM, OUTER + 2.2 * MM],
    [OUTER + w - 2.2 * MM - c, OUTER + 2.2 * MM],
    [OUTER + 2.2 * MM, OUTER + h - 2.2 * MM - c],
    [OUTER + w - 2.2 * MM - c, OUTER + h - 2.2 * MM - c],
  ] as const) {
    doc.lineWidth(0.8).strokeColor(FRAME_GOLD).rect(x, y, c, c).stroke();
    doc
      .fillColor(FRAME_RED)
      .rect(x + c * 0.3, y + c * 0.3, c * 0.4, c * 0.4)
      .fill();
  }
  doc.restore();
}

/** The QR code as vector squares (crisp at any zoom, nothing to embed); ECC level M, quiet zone kept. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  const ox = x + 4 * cell;
  const oy = y + 4 * cell;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      // A hair of overlap so that adjacent squares print as one area without hairline gaps.
      doc.rect(ox + start * cell, oy + r * cell, (c - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill();
  doc.restore();
}

function voidMark(
  doc: PDFKit.PDFDocument,
  label: string,
  reason: string | null,
  fonts: { serifBold: TextStyle['font']; serif: TextStyle['font'] },
): void {
  const big: TextStyle = { font: fonts.serifBold, size: 96 };
  doc.save();
  doc.opacity(0.22);
  doc.rotate(-30, { origin: [A4.width / 2, A4.height / 2] });
  const w = measure(big, label) + 0.3 * 96 * ([...label].length - 1);
  doc
    .font(FONT.bold)
    .fontSize(96)
    .fillColor('#d7000f')
    .text(label, (A4.width - w) / 2, A4.height / 2 + 30, {
      lineBreak: false,
      baseline: 'alphabetic',
      characterSpacing: 0.3 * 96,
    });
  doc.restore();
  if (reason) {
    const small: TextStyle = { font: fonts.serif, size: 10 };
    const text = `${label}：${reason}`;
    doc
      .font(FONT.body)
      .fontSize(10)
      .fillColor('#d7000f')
      .text(text, (A4.width - measure(small, text)) / 2, 71.5 * MM, {
        lineBreak: false,
        baseline: 'alphabetic',
      });
  }
}
