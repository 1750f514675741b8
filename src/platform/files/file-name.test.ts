import { describe, expect, it } from 'vitest';
import { FILE_TYPES } from './content-type.js';
import { contentDisposition, sanitizeFileName } from './file-name.js';

const { pdf, jpg, png } = FILE_TYPES;

describe('sanitizeFileName', () => {
  it('keeps an ordinary Chinese name as it is', () => {
    expect(sanitizeFileName('营业执照副本.pdf', pdf)).toBe('营业执照副本.pdf');
    expect(sanitizeFileName('身份证 正面.JPEG', jpg)).toBe('身份证 正面.JPEG');
  });

  it('drops directories, whichever separator the client used', () => {
    expect(sanitizeFileName('../../etc/passwd.pdf', pdf)).toBe('passwd.pdf');
    expect(sanitizeFileName('C:\\Users\\张三\\桌面\\户口本.png', png)).toBe('户口本.png');
  });

  it('removes control and direction-override characters', () => {
    expect(sanitizeFileName('a\u0000b\r\n.pdf', pdf)).toBe('ab.pdf');
    expect(sanitizeFileName('invoice\u202Efdp.exe', pdf)).toBe('invoicefdp.exe.pdf');
  });

  it('gives the extension of what the content really is', () => {
    expect(sanitizeFileName('scan.pdf', png)).toBe('scan.pdf.png');
    expect(sanitizeFileName('扫描件', pdf)).toBe('扫描件.pdf');
  });

  it('names a nameless file', () => {
    expect(sanitizeFileName(undefined, pdf)).toBe('未命名文件.pdf');
    expect(sanitizeFileName('  ..  ', jpg)).toBe('未命名文件.jpg');
  });

  it('shortens a very long name but keeps its extension', () => {
    const name = sanitizeFileName(`${'长'.repeat(500)}.pdf`, pdf);
    expect([...name].length).toBe(200);
    expect(name.endsWith('长.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('carries the UTF-8 name per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('营业执照 (副本).pdf')).toBe(
      `inline; filename="____ (__).pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%28%E5%89%AF%E6%9C%AC%29.pdf`,
    );
  });

  it('keeps quotes out of the quoted fallback', () => {
    expect(contentDisposition('a"b.pdf', 'attachment')).toBe(
      `attachment; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`,
    );
  });
});
