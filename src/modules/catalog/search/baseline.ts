import { normalize, units } from './tokenize.js';
import type { SearchDoc, SearchHit, SearchIndex } from './types.js';

// The yardstick from the issue: character-bigram TF-IDF with cosine similarity over names,
// materials and FAQ, no segmentation, synonyms, weighting or typo handling. Kept so every
// evaluation and benchmark compares against it in the same run.

function bigrams(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const run of normalize(text).split(' ')) {
    const us = units(run);
    if (us.length === 1) bag.set(us[0]!, (bag.get(us[0]!) ?? 0) + 1);
    for (let i = 0; i + 1 < us.length; i++) {
      const g = us[i]! + us[i + 1]!;
      bag.set(g, (bag.get(g) ?? 0) + 1);
    }
  }
  return bag;
}

function docText(d: SearchDoc): string {
  return [d.name, d.subName, ...d.materials, ...d.faq.flatMap((f) => [f.q, f.a])].join(' ');
}

export function createBaselineIndex(docs: SearchDoc[]): SearchIndex {
  const bags = docs.map((d) => bigrams(docText(d)));
  const df = new Map<string, number>();
  for (const bag of bags) for (const g of bag.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const n = docs.length;
  const idf = (g: string) => Math.log((1 + n) / (1 + (df.get(g) ?? 0))) + 1;
  const weigh = (bag: Map<string, number>) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [g, tf] of bag) {
      const w = (1 + Math.log(tf)) * idf(g);
      v.set(g, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [g, w] of v) v.set(g, w / norm);
    return v;
  };
  const postings = new Map<string, Array<{ doc: number; w: number }>>();
  bags.forEach((bag, doc) => {
    for (const [g, w] of weigh(bag)) {
      const list = postings.get(g) ?? [];
      list.push({ doc, w });
      postings.set(g, list);
    }
  });

  return {
    size: docs.length,
    search(q, opts = {}) {
      const scores = new Float64Array(n);
      for (const [g, w] of weigh(bigrams(q))) {
        for (const p of postings.get(g) ?? []) scores[p.doc]! += w * p.w;
      }
      const hits: SearchHit[] = [];
      for (let i = 0; i < n; i++) {
        const d = docs[i]!;
        if (scores[i]! <= 0 || (opts.allow && !opts.allow(d.code))) continue;
        hits.push({ kind: d.kind, code: d.code, name: d.name, subName: d.subName, score: scores[i]! });
      }
      hits.sort((a, b) => b.score - a.score);
      return hits.slice(0, opts.limit ?? 10);
    },
  };
}
