import { analyzeQuery } from './query.js';
import type { CompiledSynonyms } from './synonyms.js';
import { addFeatures, normalize, pinyinKey, units } from './tokenize.js';
import type { SearchDoc, SearchHit, SearchOptions } from './types.js';

interface FieldSpec {
  weight: number;
  /** BM25 length normalisation: 0 = none, 1 = full */
  b: number;
  typos: boolean;
  unigrams: boolean;
}

// What a citizen types is usually (part of) a name or a colloquial alias; themes and the licence
// say what the item is about; materials and FAQ catch rarer words but are long and noisy, so a
// match there counts less and is normalised by length.
const FIELDS = {
  name: { weight: 10, b: 0.3, typos: true, unigrams: true },
  subName: { weight: 5, b: 0.2, typos: true, unigrams: true },
  alias: { weight: 8, b: 0.3, typos: true, unigrams: true },
  theme: { weight: 3, b: 0.3, typos: false, unigrams: false },
  licence: { weight: 4, b: 0.3, typos: true, unigrams: false },
  member: { weight: 1.5, b: 0.6, typos: false, unigrams: false },
  material: { weight: 1.5, b: 0.5, typos: false, unigrams: false },
  faqQ: { weight: 2.5, b: 0.5, typos: false, unigrams: false },
  faqA: { weight: 0.8, b: 0.7, typos: false, unigrams: false },
  type: { weight: 1, b: 0, typos: false, unigrams: false },
  department: { weight: 1.5, b: 0, typos: false, unigrams: false },
} satisfies Record<string, FieldSpec>;
type Field = keyof typeof FIELDS;

const K1 = 1.2;
// Bonus per character when a whole name or alias occurs in the query (上户口 in 孩子上户口): an
// exact phrase is stronger evidence than the same characters scattered.
const PHRASE_BONUS = 2.5;
const PHRASE_BONUS_MAX_UNITS = 8;
const PINYIN_PHRASE_FACTOR = 0.6;
const SUBNAME_PHRASE_FACTOR = 0.5;
// Among sub-items of one item, a query that names no action most likely means the first-time one.
const DEFAULT_VARIANT = /^(新办|首次.*)$/;
const DEFAULT_VARIANT_PRIOR = 1.03;
// A query that is (almost) all one bundle phrase describes that life or business event (开药店,
// 结婚, 退休): the bundle then earns a share of its best member's score and so comes before the
// member itself. A query that says more than the event (宝宝出生 + 证明) is about one item.
const BUNDLE_MEMBER_SHARE = 0.3;
const EVENT_COVERAGE = 0.7;

interface Phrase {
  text: string;
  pinyin: string;
  units: number;
  doc: number;
  bonus: number;
}

function fieldTexts(doc: SearchDoc, aliases: string[]): Record<Field, string[]> {
  return {
    name: [doc.name],
    subName: doc.subName ? [doc.subName] : [],
    alias: aliases,
    theme: doc.themes,
    licence: doc.licence ? [doc.licence] : [],
    member: doc.members,
    material: doc.materials,
    faqQ: doc.faq.map((f) => f.q),
    faqA: doc.faq.map((f) => f.a),
    type: doc.type ? [doc.type] : [],
    department: doc.departmentKind ? [doc.departmentKind] : [],
  };
}

export class RankedIndex {
  private readonly postings = new Map<string, Array<{ doc: number; score: number }>>();
  private readonly phrases: Phrase[] = [];
  private readonly vocabulary: string;
  private readonly prior: Float64Array;
  private readonly members: number[][];

  constructor(
    private readonly docs: SearchDoc[],
    private readonly syn: CompiledSynonyms,
  ) {
    const fields = Object.keys(FIELDS) as Field[];
    const bags = docs.map((doc) => {
      const texts = fieldTexts(doc, syn.aliasesOf(doc));
      const perField = new Map<Field, { bag: Map<string, number>; length: number }>();
      for (const f of fields) {
        const bag = new Map<string, number>();
        for (const t of texts[f]) addFeatures(bag, t, FIELDS[f]);
        let length = 0;
        for (const n of bag.values()) length += n;
        perField.set(f, { bag, length });
      }
      return { texts, perField };
    });

    const avgLength = new Map<Field, number>();
    for (const f of fields) {
      const lengths = bags.map((b) => b.perField.get(f)!.length).filter((n) => n > 0);
      avgLength.set(f, lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 1);
    }

    // BM25F: per-field term frequencies are weighted and length-normalised, summed, then saturated once.
    const pseudoTf = new Map<string, Map<number, number>>();
    bags.forEach(({ perField }, doc) => {
      for (const f of fields) {
        const { bag, length } = perField.get(f)!;
        const spec = FIELDS[f];
        const norm = 1 - spec.b + (spec.b * length) / avgLength.get(f)!;
        for (const [feature, tf] of bag) {
          const byDoc = pseudoTf.get(feature) ?? new Map<number, number>();
          byDoc.set(doc, (byDoc.get(doc) ?? 0) + (spec.weight * tf) / norm);
          pseudoTf.set(feature, byDoc);
        }
      }
    });
    const n = docs.length;
    for (const [feature, byDoc] of pseudoTf) {
      const idf = Math.log(1 + (n - byDoc.size + 0.5) / (byDoc.size + 0.5));
      const list = [...byDoc].map(([doc, tf]) => ({ doc, score: (idf * tf * (K1 + 1)) / (tf + K1) }));
      this.postings.set(feature, list);
    }

    const vocab: string[] = [];
    bags.forEach(({ texts }, doc) => {
      const d = docs[doc]!;
      const whole = [d.name, ...texts.alias];
      if (d.subName) whole.push(d.name + d.subName);
      for (const t of whole) this.addPhrase(t, doc, 1);
      if (d.subName) this.addPhrase(d.subName, doc, SUBNAME_PHRASE_FACTOR);
      vocab.push(...whole, ...texts.subName, ...texts.theme, ...texts.licence);
    });
    this.vocabulary = `|${vocab.map(normalize).join('|')}|`;
    this.prior = Float64Array.from(docs, (d) =>
      DEFAULT_VARIANT.test(d.subName) ? DEFAULT_VARIANT_PRIOR : 1,
    );
    const position = new Map(docs.map((d, i) => [d.code, i]));
    this.members = docs.map((d) => d.memberCodes.flatMap((c) => position.get(c) ?? []));
  }

  private addPhrase(text: string, doc: number, factor: number): void {
    const normalized = normalize(text).replace(/ /g, '');
    const length = units(normalized).length;
    if (length < 2) return;
    this.phrases.push({
      text: normalized,
      pinyin: pinyinKey(normalized),
      units: length,
      doc,
      bonus: factor * PHRASE_BONUS * Math.min(length, PHRASE_BONUS_MAX_UNITS),
    });
  }

  private score(features: Map<string, number>): Float64Array {
    const scores = new Float64Array(this.docs.length);
    for (const [feature, weight] of features) {
      for (const p of this.postings.get(feature) ?? []) scores[p.doc]! += weight * p.score;
    }
    return scores;
  }

  search(q: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = opts.limit ?? 10;
    const query = analyzeQuery(q, this.syn, (t) => this.vocabulary.includes(t));
    const scores = this.score(query.features);
    for (const e of query.expansions) {
      const best = new Float64Array(this.docs.length);
      for (const alt of e.alternatives) {
        const s = this.score(alt);
        for (let i = 0; i < s.length; i++) if (s[i]! > best[i]!) best[i] = s[i]!;
      }
      for (let i = 0; i < best.length; i++) scores[i]! += e.weight * best[i]!;
    }

    const compact = query.text.replace(/ /g, '');
    const compactCore = query.core.replace(/ /g, '');
    const coreUnits = units(compactCore).length;
    const textUnits = units(compact).length;
    const corePinyin = pinyinKey(compactCore);
    // The whole query inside a name or alias (残疾人证 in 残疾人证核发) is as strong as the reverse.
    const queryBonus = coreUnits >= 2 ? PHRASE_BONUS * Math.min(coreUnits, PHRASE_BONUS_MAX_UNITS) : 0;
    const bonus = new Float64Array(this.docs.length);
    // share of the query one phrase of the document covers
    const coverage = new Float64Array(this.docs.length);
    for (const p of this.phrases) {
      let b = 0;
      let c = 0;
      if (compact.includes(p.text) || compactCore.includes(p.text)) {
        b = p.bonus;
        c = p.units / Math.min(coreUnits || textUnits, textUnits);
      } else if (query.pinyin.includes(p.pinyin)) {
        b = p.bonus * PINYIN_PHRASE_FACTOR;
        c = p.units / textUnits;
      }
      if (queryBonus && p.bonus >= PHRASE_BONUS * 2) {
        if (p.text.includes(compactCore)) b = Math.max(b, queryBonus);
        else if (p.pinyin.includes(corePinyin)) b = Math.max(b, queryBonus * PINYIN_PHRASE_FACTOR);
        if (p.text.includes(compactCore) || p.pinyin.includes(corePinyin)) c = 1;
      }
      if (b > bonus[p.doc]!) bonus[p.doc] = b;
      if (c > coverage[p.doc]!) coverage[p.doc] = c;
    }

    const own = scores.map((s, i) => (s + bonus[i]!) * this.prior[i]!);
    const hits: SearchHit[] = [];
    for (let i = 0; i < this.docs.length; i++) {
      let best = 0;
      if (coverage[i]! >= EVENT_COVERAGE) for (const m of this.members[i]!) best = Math.max(best, own[m]!);
      const score = own[i]! + BUNDLE_MEMBER_SHARE * best;
      if (score <= 0) continue;
      const d = this.docs[i]!;
      if (opts.allow && !opts.allow(d.code)) continue;
      hits.push({ kind: d.kind, code: d.code, name: d.name, subName: d.subName, score });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, limit);
  }
}
