import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsOf, qualified } from './columns.js';

const SRC = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

// Prepared statements are on by default on PostgreSQL: a cached plan of `select *` (or `returning *`)
// fails with "cached plan must not change result type" once a migration adds a column, so every
// statement names its columns. This keeps the wildcard from coming back.
const WILDCARD = [/\.selectAll\(/, /\.returningAll\(/, /\bselect\s+(\w+\.)?\*/i, /\breturning\s+\*/i];

/** Code only: comments may name the pattern they forbid. */
function codeLines(text: string): { line: number; code: string }[] {
  return text
    .split('\n')
    .map((code, i) => ({ line: i + 1, code: code.replace(/\/\/.*$/, '') }))
    .filter(({ code }) => !/^\s*(\*|\/\*)/.test(code));
}

describe('statements name their columns', () => {
  it('no source file selects or returns `*`', () => {
    const offenders = sourceFiles(SRC).flatMap((file) =>
      codeLines(readFileSync(file, 'utf8'))
        .filter(({ code }) => WILDCARD.some((re) => re.test(code)))
        .map(({ line, code }) => `${relative(SRC, file)}:${line}: ${code.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the guard recognises the wildcard forms it forbids', () => {
    const hits = (s: string) => codeLines(s).some(({ code }) => WILDCARD.some((re) => re.test(code)));
    expect(hits("db.selectFrom('cases').selectAll()")).toBe(true);
    expect(hits('sql`select * from cases`')).toBe(true);
    expect(hits('sql`SELECT c.* FROM cases c`')).toBe(true);
    expect(hits("insertInto('files').values(row).returningAll()")).toBe(true);
    expect(hits('// never `select *` here')).toBe(false);
    expect(hits('sql`select count(*) from cases`')).toBe(false);
  });

  it('qualified() prefixes each column with the alias', () => {
    const cols = columnsOf<{ id: string; name: string }>()(['id', 'name']);
    expect(qualified('c', cols)).toEqual(['c.id', 'c.name']);
  });
});
