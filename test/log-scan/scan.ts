import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkIdNumber } from '../../src/modules/identity/id-number.js';

export interface Finding {
  file: string;
  line: number;
  kind: 'id-number' | 'mobile' | 'password-hash';
  /** The match, masked: the report must not leak what it found. */
  masked: string;
}

const ID_SHAPE = /(?<!\d)\d{17}[\dXx](?!\d)/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ARGON2 = /\$argon2/g;

const mask = (s: string) => `${s.slice(0, 3)}…${s.slice(-2)}`;

/**
 * Personal data in log text: any GB 11643 number whose check digit passes (an 18-digit run that
 * fails it is a counter or an id, not a person), any mainland mobile number, any argon2 hash.
 */
export function scanLogText(text: string, file = '-'): Finding[] {
  const out: Finding[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    for (const m of line.matchAll(ID_SHAPE))
      if (checkIdNumber(m[0]).ok) out.push({ file, line: i + 1, kind: 'id-number', masked: mask(m[0]) });
    for (const m of line.matchAll(MOBILE))
      out.push({ file, line: i + 1, kind: 'mobile', masked: mask(m[0]) });
    if (ARGON2.test(line)) out.push({ file, line: i + 1, kind: 'password-hash', masked: '$argon2…' });
    ARGON2.lastIndex = 0;
  }
  return out;
}

/** Every captured file of a run; `lines` counts what was scanned, so an empty capture is visible. */
export function scanLogDir(dir: string): { files: number; lines: number; findings: Finding[] } {
  let lines = 0;
  const findings: Finding[] = [];
  const names = readdirSync(dir).filter((n) => n.endsWith('.log'));
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    lines += text.split('\n').filter(Boolean).length;
    findings.push(...scanLogText(text, name));
  }
  return { files: names.length, lines, findings };
}
