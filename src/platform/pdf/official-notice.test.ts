import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { fontReport, poppler, popplerMissing } from '../../../test/helpers/pdf.js';
import { formatChineseDate, type OfficialNotice, renderOfficialNotice } from './official-notice.js';

const notice: OfficialNotice = {
  title: '补正材料通知书',
  documentNo: '峡审批补字〔2026〕第000123号',
  recipient: '峡州市通办餐饮管理有限公司：',
  paragraphs: [
    '你单位于2026年11月20日提交的《食品经营许可证》核发申请（办件编号：TB20261120000123），经审查，申请材料不齐全、不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知你单位需要补正的全部内容如下：',
    '请你单位自收到本通知书之日起30个工作日内补正下列材料，可通过峡州市政务服务网（https://zwfw.xiazhou.gov.cn/case/query?no=TB20261120000123）在线提交或到峡州市政务服务中心二楼食品药品综合窗口现场提交。逾期不补正且无正当理由的，视为撤回申请。补正材料齐全后，本机关将依法重新受理。'.repeat(
      3,
    ),
  ],
  table: {
    columns: ['序号', '材料名称', '补正原因', '补正要求'],
    rows: [
      ['1', '食品经营许可申请书', '法定代表人未签字', '由法定代表人签字并加盖单位公章后重新提交原件1份'],
      [
        '2',
        '经营场所平面布局图',
        '未标明各功能区的面积与设备布局',
        '按比例绘制，标明粗加工区、烹饪区、餐用具清洗消毒区等功能区的面积及主要设备位置',
      ],
      ['3', '食品安全管理制度', '缺少进货查验记录制度', '补充完整的食品安全管理制度文本'],
    ],
  },
  closingParagraphs: ['特此通知。'],
  issuer: '峡州市行政审批局',
  date: '2026-11-23',
  sealText: '峡州市行政审批局',
  footer: '办件编号：TB20261120000123　　查询方式：登录峡州市政务服务网或拨打12345政务服务便民热线',
};

/** pdftotext puts spaces and line breaks where the layout has them; compare the characters only. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('renderOfficialNotice', () => {
  it('renders a PDF that embeds every font it uses', async () => {
    const pdf = await renderOfficialNotice(notice);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.includes('/FontFile2') || pdf.includes('/FontFile3') || pdf.includes('/FontFile ')).toBe(true);
    const fonts = fontReport(pdf);
    expect(fonts.notEmbedded).toEqual([]);
    // Subsets (the ABCDEF+ prefix) of the two Noto Serif SC weights, as Type0 fonts and their CIDFonts;
    // in particular not pdfkit's default Helvetica, which would be referenced without being embedded.
    expect(new Set(fonts.fonts.map((f) => f.replace(/^[A-Z]{6}\+/, '')))).toEqual(
      new Set(['NotoSerifSC-Regular', 'NotoSerifSC-Bold']),
    );
  });

  it('notices a font that is referenced without being embedded (the check itself works)', async () => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    doc.font('Helvetica').text('x');
    doc.end();
    await ended;
    expect(fontReport(Buffer.concat(chunks)).notEmbedded).toEqual(['Helvetica']);
  });

  const noText = popplerMissing('pdftotext');
  if (noText) console.warn(`skipping the text extraction checks: ${noText}`);

  it.skipIf(noText)(
    'prints the title, recipient, document number, a table cell and the date as text',
    async () => {
      const text = squeeze(poppler('pdftotext', await renderOfficialNotice(notice)));
      expect(text).toContain('补正材料通知书');
      expect(text).toContain('峡州市通办餐饮管理有限公司：');
      expect(text).toContain('峡审批补字〔2026〕第000123号');
      expect(text).toContain('法定代表人未签字');
      expect(text).toContain('2026年11月23日');
      expect(text).toContain('办件编号：TB20261120000123');
      // The long paragraph ran onto a second page, with its page number.
      expect(text).toContain('—2—');
    },
  );

  it.skipIf(popplerMissing('pdffonts'))(
    'passes pdffonts: every font embedded, subset, with a ToUnicode map',
    async () => {
      const lines = poppler('pdffonts', await renderOfficialNotice(notice))
        .trim()
        .split('\n')
        .slice(2);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines)
        expect(line).toMatch(/NotoSerifSC-\w+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    },
  );

  it('renders a one-paragraph notice without a table or footer on one page', async () => {
    const pdf = await renderOfficialNotice({
      ...notice,
      paragraphs: ['经审查，决定予以受理。'],
      table: undefined,
      closingParagraphs: undefined,
      footer: undefined,
    });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    expect(fontReport(pdf).notEmbedded).toEqual([]);
  });

  it('renders a warm notice quickly', async () => {
    await renderOfficialNotice(notice);
    const runs = 5;
    const start = performance.now();
    for (let i = 0; i < runs; i++) await renderOfficialNotice(notice);
    const ms = (performance.now() - start) / runs;
    console.log(`renderOfficialNotice: ${ms.toFixed(0)} ms per notice (warm, two pages with a table)`);
    // ~80 ms on the 2-core CI machine; the bound only catches a regression of an order of magnitude.
    expect(ms).toBeLessThan(1000);
  });

  it('rejects a date that is not YYYY-MM-DD', async () => {
    await expect(renderOfficialNotice({ ...notice, date: '2026/11/23' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe('formatChineseDate', () => {
  it('writes the year in full and month and day without leading zeros', () => {
    expect(formatChineseDate('2026-11-23')).toBe('2026年11月23日');
    expect(formatChineseDate('2026-01-05')).toBe('2026年1月5日');
  });

  it('refuses dates that do not exist', () => {
    expect(() => formatChineseDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatChineseDate('23.11.2026')).toThrow(RangeError);
  });
});
