import { describe, expect, it } from 'vitest';
import { buildOfd, buildZip } from '../../../test/helpers/zip.js';
import { bufferSource, sniffFileType, zipEntryNames } from './content-type.js';

const kindOf = async (bytes: Buffer) => (await sniffFileType(bufferSource(bytes)))?.kind ?? null;
const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffFileType', () => {
  it('recognises a PDF by its %PDF- header', async () => {
    expect(await kindOf(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'))).toBe('pdf');
  });

  it('recognises a JPEG by FF D8 FF', async () => {
    expect(await kindOf(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0'))).toBe('jpg');
  });

  it('recognises a PNG by its eight-byte signature', async () => {
    expect(await kindOf(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'))).toBe(
      'png',
    );
  });

  it('recognises an OFD package by the OFD.xml entry in its ZIP directory', async () => {
    const t = await sniffFileType(bufferSource(buildOfd()));
    expect(t).toMatchObject({ kind: 'ofd', mime: 'application/ofd' });
  });

  it('finds OFD.xml even when the archive ends with a comment', async () => {
    expect(await kindOf(buildZip({ 'OFD.xml': '<ofd:OFD/>' }, { comment: '由测试生成' }))).toBe('ofd');
  });

  it('refuses a ZIP without OFD.xml at its root', async () => {
    expect(await kindOf(buildZip({ 'word/document.xml': '<w:document/>' }))).toBeNull();
    expect(await kindOf(buildZip({ 'Doc_0/OFD.xml': '<x/>' }))).toBeNull();
  });

  it('refuses a truncated ZIP whose directory is gone', async () => {
    const ofd = buildOfd();
    expect(await kindOf(ofd.subarray(0, ofd.length - 30))).toBeNull();
  });

  it('refuses a ZIP that only mentions OFD.xml in a local header but not in its directory', async () => {
    const zip = buildZip({ 'readme.txt': 'hello' });
    const fake = Buffer.concat([bytes([0x50, 0x4b, 0x03, 0x04]), Buffer.from('OFD.xml'), zip]);
    expect(await kindOf(fake)).toBeNull();
  });

  it('ignores what the content merely claims: text, executables and empty files are refused', async () => {
    expect(await kindOf(Buffer.from('这是一个改了扩展名的文本文件.pdf', 'utf8'))).toBeNull();
    expect(await kindOf(bytes('MZ\x90\x00\x03\x00\x00\x00'))).toBeNull();
    expect(await kindOf(Buffer.alloc(0))).toBeNull();
    expect(await kindOf(bytes(' %PDF-1.4'))).toBeNull();
    expect(await kindOf(bytes([0xff, 0xd8]))).toBeNull();
  });
});

describe('zipEntryNames', () => {
  it('lists every entry from the central directory, UTF-8 names included', async () => {
    const zip = buildZip({ 'OFD.xml': '<a/>', 'Doc_0/签章.xml': '<b/>' });
    expect(await zipEntryNames(bufferSource(zip))).toEqual(['OFD.xml', 'Doc_0/签章.xml']);
  });

  it('answers null for bytes that are not a ZIP', async () => {
    expect(await zipEntryNames(bufferSource(Buffer.alloc(100, 0x41)))).toBeNull();
    expect(await zipEntryNames(bufferSource(Buffer.alloc(3)))).toBeNull();
  });
});
