import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { generate, openApiDocument, TARGET } from '../../scripts/api-types.mjs';

describe('web API types', () => {
  it('are the ones generated from the current OpenAPI document (run `npm run api:types` when this fails)', async () => {
    const fresh: string = await generate();
    const checkedIn = readFileSync(TARGET, 'utf8');
    // Compare a line at a time first: the failure then names the first stale line, not 3,000 of them.
    const a = checkedIn.split('\n');
    const b = fresh.split('\n');
    const first = b.findIndex((line, i) => line !== a[i]);
    expect(first === -1 ? null : { line: first + 1, checkedIn: a[first], generated: b[first] }).toBeNull();
    expect(checkedIn).toBe(fresh);
  });

  it('come from a document in which every route says what it returns', async () => {
    const doc = (await openApiDocument()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
    };
    const silent: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        for (const [status, res] of Object.entries(op.responses ?? {}))
          if (status !== '204' && !res.content) silent.push(`${method.toUpperCase()} ${path} ${status}`);
    expect(silent).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
  });
});
