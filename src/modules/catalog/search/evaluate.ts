import type { SearchIndex } from './types.js';

export interface EvalQuery {
  q: string;
  expect: string[];
  kind?: string;
  split?: 'dev' | 'blind';
}

export interface EvalResult {
  n: number;
  hit1: number;
  hit5: number;
  misses: Array<{ q: string; expect: string[]; got: string[]; rank: number }>;
}

/** hit@k: share of queries where any expected code is among the first k results. */
export function evaluate(index: SearchIndex, queries: EvalQuery[]): EvalResult {
  let h1 = 0;
  let h5 = 0;
  const misses: EvalResult['misses'] = [];
  for (const { q, expect } of queries) {
    const got = index.search(q, { limit: 10 }).map((h) => h.code);
    const rank = got.findIndex((c) => expect.includes(c));
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 5) h5++;
    if (rank !== 0) misses.push({ q, expect, got: got.slice(0, 5), rank });
  }
  const n = queries.length || 1;
  return { n: queries.length, hit1: h1 / n, hit5: h5 / n, misses };
}
