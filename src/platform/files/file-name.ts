import type { FileType } from './content-type.js';

const MAX_NAME_LENGTH = 200;
// C0/C1 controls, and bidirectional overrides that can make "gpj.exe" display as "exe.jpg".
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Characters no Windows file name may hold; a clerk saves materials on Windows.
const RESERVED = /[<>:"|?*]/g;

/**
 * The name an applicant gave a file, made safe to show and to offer back as a download name: no
 * directories, no control or direction-changing characters, a sane length, and an extension that
 * matches what the content really is (a PNG called "scan.pdf" is shown as "scan.pdf.png").
 */
export function sanitizeFileName(raw: string | undefined, type: FileType): string {
  let name = (raw ?? '').normalize('NFC').replace(INVISIBLE, '');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(RESERVED, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[.\s]+$/, '');
  const canonical = type.extensions[0] ?? type.kind;
  if (name === '') name = `未命名文件.${canonical}`;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!type.extensions.includes(ext)) name = `${name}.${canonical}`;
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) {
    const suffix = name.slice(name.lastIndexOf('.'));
    name = chars.slice(0, MAX_NAME_LENGTH - suffix.length).join('') + suffix;
  }
  return name;
}

// RFC 5987 attr-char: everything else is percent-encoded.
const encodeExtValue = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Content-Disposition with the UTF-8 name (RFC 6266 / RFC 5987 `filename*`) and an ASCII fallback
 * for clients that only read `filename`.
 */
export function contentDisposition(name: string, disposition: 'inline' | 'attachment' = 'inline'): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
