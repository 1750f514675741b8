import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type EvalQuery, evaluate } from './evaluate.js';
import {
  type CatalogForSearch,
  createBaselineIndex,
  createSearchIndex,
  searchDocsFromCatalog,
} from './index.js';

const root = new URL('../../../../', import.meta.url);
const catalog = JSON.parse(readFileSync(new URL('seed/catalog.json', root), 'utf8')) as CatalogForSearch;
const queries = JSON.parse(
  readFileSync(new URL('test/search-eval/queries.json', root), 'utf8'),
) as EvalQuery[];
const docs = searchDocsFromCatalog(catalog);
const ours = createSearchIndex(docs);
const baseline = createBaselineIndex(docs);

describe('evaluation set (test/search-eval/queries.json)', () => {
  it('has at least 80 queries of every kind, each expecting codes that exist', () => {
    const codes = new Set(docs.map((d) => d.code));
    expect(queries.length).toBeGreaterThanOrEqual(80);
    expect(new Set(queries.map((q) => q.kind))).toEqual(new Set(['c', 't', 'f', 'm', 'o', 's', 'r']));
    for (const q of queries) expect(q.expect.filter((c) => !codes.has(c))).toEqual([]);
  });

  for (const split of ['all', 'dev', 'blind'] as const) {
    it(`beats the bigram TF-IDF baseline and reaches hit@1 ≥ 0.85, hit@5 ≥ 0.97 (${split})`, () => {
      const set = split === 'all' ? queries : queries.filter((q) => q.split === split);
      const a = evaluate(ours, set);
      const b = evaluate(baseline, set);
      console.log(
        `${split.padEnd(5)} n=${a.n}  ours hit@1 ${a.hit1.toFixed(3)} hit@5 ${a.hit5.toFixed(3)}` +
          `  baseline hit@1 ${b.hit1.toFixed(3)} hit@5 ${b.hit5.toFixed(3)}`,
      );
      expect(a.hit1).toBeGreaterThanOrEqual(0.85);
      expect(a.hit5).toBeGreaterThanOrEqual(0.97);
      expect(a.hit1).toBeGreaterThan(b.hit1);
      expect(a.hit5).toBeGreaterThanOrEqual(b.hit5);
    });
  }
});
