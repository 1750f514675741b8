import { describe, expect, it } from 'vitest';
import { poppler, popplerMissing } from '../../../test/helpers/pdf.js';
import { A4, renderChinesePdf } from './document.js';
import { drawSeal } from './seal.js';

describe('drawSeal', () => {
  const render = () =>
    renderChinesePdf((doc) => {
      doc.text('成文日期', 300, 400);
      drawSeal(doc, {
        x: A4.width / 2,
        y: 400,
        radius: 60,
        text: '峡州市行政审批局',
        centerText: '业务专用章',
      });
      // A second seal on the same page gets its own graphics state name.
      drawSeal(doc, { x: 150, y: 150, radius: 40, text: '峡州市市场监督管理局行政审批专用章' });
    });

  it('paints in multiply mode so the text under the seal stays legible', async () => {
    const pdf = (await render()).toString('latin1');
    expect(pdf).toMatch(/\/BM\s*\/Multiply/);
    expect(pdf).toMatch(/\/GsSeal1\b/);
    expect(pdf).toMatch(/\/GsSeal2\b/);
  });

  it.skipIf(popplerMissing('pdftotext'))(
    'draws its characters as paths, not as extractable text',
    async () => {
      const text = poppler('pdftotext', await render()).replace(/\s+/g, '');
      expect(text).toBe('成文日期');
    },
  );
});
