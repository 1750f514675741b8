import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontReport, poppler, popplerMissing } from '../../../test/helpers/pdf.js';
import { type LicenceDocument, renderLicencePdf } from './pdf.js';

const licence: LicenceDocument = {
  name: '食品经营许可证',
  identifier: '1.2.156.3005.2.SPJY.SCJG411200.0000001.001.M',
  licenceNo: 'SPJY4112000000001',
  fields: [
    { label: '名称', value: '峡州市通办餐饮管理有限公司' },
    { label: '统一社会信用代码', value: '91411200MA9XKT2L7X' },
    { label: '经营场所', value: '峡州市峡江区滨江路88号' },
    { label: '经营项目', value: '热食类食品制售；冷食类食品制售' },
  ],
  issuerName: '峡州市市场监督管理局',
  issueDate: '2026-03-16',
  validUntil: '2031-03-15',
  token: `eyJkIjoiMjAyNi0wMy0xNiJ9.${'A'.repeat(86)}`,
  keyId: 'SCJG-411200-0123456789ab',
  version: 1,
};

const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('renderLicencePdf', () => {
  it('is a one-page PDF that embeds every font it uses', async () => {
    const pdf = await renderLicencePdf(licence);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    expect(fontReport(pdf).notEmbedded).toEqual([]);
  });

  it('keeps a very long field on the page (smaller type, then cut with an ellipsis)', async () => {
    const pdf = await renderLicencePdf({
      ...licence,
      fields: [...licence.fields, { label: '经营范围', value: '食品销售；餐饮服务。'.repeat(120) }],
    });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });

  it.skipIf(popplerMissing('pdftotext'))(
    'prints title, number, fields, issuer and date as text',
    async () => {
      const text = squeeze(poppler('pdftotext', await renderLicencePdf(licence)));
      for (const s of [
        '食品经营许可证',
        'SPJY4112000000001',
        '峡州市峡江区滨江路88号',
        '发证机关：峡州市市场监督管理局',
        '2026年3月16日至2031年3月15日',
      ])
        expect(text).toContain(s);
    },
  );

  const noScan =
    popplerMissing('pdftoppm') ?? (spawnSync('zbarimg', ['--version']).error ? 'zbarimg missing' : undefined);
  it.skipIf(noScan)('carries the token in a QR code a scanner reads from the printed page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-qr-'));
    try {
      writeFileSync(join(dir, 'l.pdf'), await renderLicencePdf(licence));
      spawnSync('pdftoppm', ['-png', '-r', '150', join(dir, 'l.pdf'), join(dir, 'page')]);
      const png = readdirSync(dir).find((f) => f.endsWith('.png'))!;
      const scan = spawnSync('zbarimg', ['-q', '--raw', join(dir, png)], { encoding: 'utf8' });
      expect(scan.stdout.trim()).toBe(licence.token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
