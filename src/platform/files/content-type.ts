/**
 * What an uploaded file really is, decided from its bytes. The name and the content type the client
 * sends are the applicant's claims and are never trusted: a renamed executable must not reach a
 * clerk's screen as a "PDF".
 */

export type FileKind = 'pdf' | 'jpg' | 'png' | 'ofd';

export interface FileType {
  kind: FileKind;
  mime: string;
  /** Extensions a name of this type may end with; the first is the canonical one. */
  extensions: readonly string[];
}

export const FILE_TYPES: Record<FileKind, FileType> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] },
  jpg: { kind: 'jpg', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { kind: 'png', mime: 'image/png', extensions: ['png'] },
  // OFD (GB/T 33190) is China's fixed-layout e-document format: a ZIP package with OFD.xml at its root.
  ofd: { kind: 'ofd', mime: 'application/ofd', extensions: ['ofd'] },
};

/** Random access to bytes that may be on disk or elsewhere, so a ZIP's directory (at the end) can be read. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end. */
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: async (offset, length) => buf.subarray(offset, offset + length),
  };
}

const PDF = Buffer.from('%PDF-', 'latin1');
const JPG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL = 0x04034b50;

const startsWith = (head: Buffer, magic: Buffer) =>
  head.length >= magic.length && head.subarray(0, magic.length).equals(magic);

/** The type of the content, or null when it is none of the accepted ones. */
export async function sniffFileType(src: ByteSource): Promise<FileType | null> {
  const head = await src.read(0, 8);
  if (startsWith(head, PDF)) return FILE_TYPES.pdf;
  if (startsWith(head, JPG)) return FILE_TYPES.jpg;
  if (startsWith(head, PNG)) return FILE_TYPES.png;
  if (head.length >= 4 && head.readUInt32LE(0) === ZIP_LOCAL) {
    const names = await zipEntryNames(src);
    if (names?.includes('OFD.xml')) return FILE_TYPES.ofd;
  }
  return null;
}

const EOCD = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const CENTRAL_HEADER_SIZE = 46;
const MAX_COMMENT = 0xffff;
/** A directory larger than this is not something an applicant uploads as one document. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

/**
 * Entry names from a ZIP's central directory (the authoritative list; local headers can lie or be
 * stale), or null when the bytes are not a well-formed ZIP.
 */
export async function zipEntryNames(src: ByteSource): Promise<string[] | null> {
  if (src.size < EOCD_SIZE) return null;
  const tailStart = Math.max(0, src.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await src.read(tailStart, src.size - tailStart);
  // The end record sits after everything but its own comment; search from the end.
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  let entries = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locatorAt = tailStart + at - 20;
    if (locatorAt < 0) return null;
    const locator = await src.read(locatorAt, 20);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) return null;
    const recordAt = Number(locator.readBigUInt64LE(8));
    const record = await src.read(recordAt, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) return null;
    entries = Number(record.readBigUInt64LE(32));
    dirSize = Number(record.readBigUInt64LE(40));
    dirOffset = Number(record.readBigUInt64LE(48));
  }
  if (dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > src.size) return null;
  const dir = await src.read(dirOffset, dirSize);
  if (dir.length < dirSize) return null;
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + CENTRAL_HEADER_SIZE > dir.length || dir.readUInt32LE(p) !== CENTRAL_HEADER) return null;
    const flags = dir.readUInt16LE(p + 8);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const nameEnd = p + CENTRAL_HEADER_SIZE + nameLength;
    if (nameEnd > dir.length) return null;
    // Bit 11: the name is UTF-8; otherwise CP437, which agrees with latin1 on ASCII names.
    names.push(dir.toString(flags & 0x800 ? 'utf8' : 'latin1', p + CENTRAL_HEADER_SIZE, nameEnd));
    p = nameEnd + extraLength + commentLength;
  }
  return names;
}
