import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('transactions', () => {
  it('are opened only through transaction() of unit-of-work.ts, which stores the idempotency outcome', () => {
    const allowed = ['platform/db/unit-of-work.ts', 'platform/db/migrate.ts'];
    const offenders = sources(SRC)
      .filter((f) => !allowed.some((a) => f.endsWith(a)))
      .filter((f) => /\.transaction\(\)\s*\.execute\(/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(SRC.length));
    expect(offenders).toEqual([]);
  });
});
