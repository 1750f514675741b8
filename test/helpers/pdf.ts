import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Reads a pdfkit PDF's object dictionaries straight from its bytes (pdfkit writes no object streams,
 * only content and font streams are compressed), enough to check how fonts are referenced.
 */
export function pdfObjects(pdf: Buffer): Map<number, string> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)\s*(?:stream\r?\n[\s\S]*?endstream\s*)?endobj/g)) {
    objects.set(Number(m[1]), m[2]!);
  }
  return objects;
}

function ref(dict: string, key: string): number | undefined {
  const m = new RegExp(`/${key}\\s*\\[?\\s*(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
}

export interface FontReport {
  /** BaseFont of every font dictionary. */
  fonts: string[];
  /** Those whose glyphs are not embedded in the file (a viewer would substitute a font). */
  notEmbedded: string[];
}

export function fontReport(pdf: Buffer): FontReport {
  const objects = pdfObjects(pdf);
  const fonts: string[] = [];
  const bad: string[] = [];
  for (const [id, dict] of objects) {
    if (!/\/Type\s*\/Font\b/.test(dict)) continue;
    const name = /\/BaseFont\s*\/([^\s/<>[\]]+)/.exec(dict)?.[1] ?? `object ${id}`;
    fonts.push(name);
    let font = dict;
    if (/\/Subtype\s*\/Type0\b/.test(dict)) {
      const descendant = ref(dict, 'DescendantFonts');
      font = descendant === undefined ? '' : (objects.get(descendant) ?? '');
    }
    const descriptorId = ref(font, 'FontDescriptor');
    const descriptor = descriptorId === undefined ? '' : (objects.get(descriptorId) ?? '');
    if (!/\/FontFile[23]?\s+\d+ 0 R/.test(descriptor)) bad.push(name);
  }
  return { fonts, notEmbedded: bad };
}

/** Why a poppler tool cannot be used here, or undefined when it can. */
export function popplerMissing(tool: 'pdftotext' | 'pdffonts' | 'pdftoppm'): string | undefined {
  const r = spawnSync(tool, ['-v'], { encoding: 'utf8' });
  return r.error ? `${tool} is not installed (Debian: apt-get install -y poppler-utils)` : undefined;
}

/** Runs a poppler tool on the PDF and returns its standard output. */
export function poppler(tool: 'pdftotext' | 'pdffonts', pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
