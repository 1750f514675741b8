// Latency of the catalog search against the bigram TF-IDF baseline, over the evaluation queries.
// Run: npx tsx bench/search.ts [iterations]   (default 200 passes over the query set)
import { readFileSync } from 'node:fs';
import { type EvalQuery, evaluate } from '../src/modules/catalog/search/evaluate.js';
import {
  type CatalogForSearch,
  createBaselineIndex,
  createSearchIndex,
  type SearchIndex,
  searchDocsFromCatalog,
} from '../src/modules/catalog/search/index.js';

const root = new URL('../', import.meta.url);
const catalog = JSON.parse(readFileSync(new URL('seed/catalog.json', root), 'utf8')) as CatalogForSearch;
const queries = JSON.parse(
  readFileSync(new URL('test/search-eval/queries.json', root), 'utf8'),
) as EvalQuery[];
const passes = Number(process.argv[2] ?? 200);

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
}

const docs = searchDocsFromCatalog(catalog);
const [ours, oursBuild] = timed(() => createSearchIndex(docs));
const [, oursRebuild] = timed(() => createSearchIndex(docs));
const [baseline, baselineBuild] = timed(() => createBaselineIndex(docs));

type Stats = { p50: number; p95: number; p99: number; mean: number };

function stats(samples: number[]): Stats {
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

// Warm-up lets the JIT settle and fills lazy caches (jieba, pinyin) before anything is measured;
// the two indexes are then timed query by query in turn, so load from other processes on the
// machine falls on both alike and the ratio stays meaningful.
function measure(indexes: SearchIndex[]): Stats[] {
  for (let i = 0; i < 20; i++) for (const { q } of queries) for (const index of indexes) index.search(q);
  const samples: number[][] = indexes.map(() => []);
  for (let i = 0; i < passes; i++) {
    for (const { q } of queries) {
      for (const [k, index] of indexes.entries()) samples[k]!.push(timed(() => index.search(q))[1]);
    }
  }
  return samples.map(stats);
}

const [a, b] = measure([ours, baseline]) as [Stats, Stats];
const ms = (n: number) => `${n.toFixed(3)} ms`.padStart(10);
const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`.padStart(8);

console.log(`catalog: ${docs.length} documents; ${queries.length} queries × ${passes} passes\n`);
console.log(
  `build      ours ${ms(oursBuild)} (first, loads the jieba dictionary), ${ms(oursRebuild)} (again)`,
);
console.log(`           baseline ${ms(baselineBuild)}\n`);
console.log('latency          ours    baseline   ours/baseline');
for (const k of ['p50', 'p95', 'p99', 'mean'] as const) {
  console.log(`  ${k.padEnd(6)} ${ms(a[k])}  ${ms(b[k])}  ${ratio(a[k], b[k])}`);
}

console.log('\nquality          hit@1  hit@5');
for (const split of ['all', 'dev', 'blind'] as const) {
  const set = split === 'all' ? queries : queries.filter((q) => q.split === split);
  for (const [name, index] of [
    ['ours', ours],
    ['baseline', baseline],
  ] as const) {
    const r = evaluate(index, set);
    console.log(`  ${`${split} ${name}`.padEnd(15)} ${r.hit1.toFixed(3)}  ${r.hit5.toFixed(3)}   (n=${r.n})`);
  }
}
