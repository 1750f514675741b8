import type { CompiledSynonyms } from './synonyms.js';
import { addFeatures, normalize, pinyinKey, tagged } from './tokenize.js';

export type Features = Map<string, number>;

/** One synonym group that matched: a document scores with its best alternative, times `weight`. */
export interface Expansion {
  weight: number;
  alternatives: Features[];
}

export interface AnalyzedQuery {
  /** normalized, place names removed, runs separated by spaces */
  text: string;
  /** `text` without filler words, runs separated by spaces */
  core: string;
  pinyin: string;
  /** weighted features of what was typed */
  features: Features;
  expansions: Expansion[];
}

// How much a feature of each kind counts in the query; words are the most reliable signal, bigrams
// catch what jieba splits differently, pinyin only matters when the characters do not match.
const WORD = 1;
const BIGRAM = 0.6;
const PINYIN = 0.35;
const SKIP = 0.3;
const UNIGRAM = 0.25;
const WEIGHT: Record<string, number> = { w: WORD, b: BIGRAM, p: PINYIN, s: SKIP, u: UNIGRAM };

// What is left of a place name jieba split off its suffix (洛川/ns 市/n).
const PLACE_SUFFIX = new Set(['省', '市', '区', '县', '镇', '乡', '村']);

function queryFeatures(source: string): Features {
  const bag = new Map<string, number>();
  for (const r of source.split(' ')) addFeatures(bag, r, { typos: true, unigrams: [...r].length === 1 });
  const out: Features = new Map();
  // Repeating a word in the query does not make it count twice, hence no multiplication by count.
  for (const f of bag.keys()) {
    // A one-character jieba word (生, 办, 证) says little more than the character itself.
    out.set(f, f[0] === 'w' && [...f].length <= 3 ? UNIGRAM : WEIGHT[f[0]!]!);
  }
  return out;
}

// Synonym targets are a fixed, small set of strings; segmenting them once saves most of a query's time.
const expansionCache = new Map<string, Features>();
function expansionFeatures(text: string): Features {
  let f = expansionCache.get(text);
  if (!f) {
    f = queryFeatures(text);
    expansionCache.set(text, f);
  }
  return f;
}

export function analyzeQuery(
  raw: string,
  syn: CompiledSynonyms,
  isCatalogWord: (text: string) => boolean,
): AnalyzedQuery {
  // Citizens often say where they are (郑州市…, 在北京…) but the catalog is the same everywhere;
  // the region filter is the route's job (`allow`), so place names are dropped: the listed ones,
  // and whatever jieba tags as a place name unless the catalog itself uses the word (香港).
  const textRuns: string[] = [];
  const coreRuns: string[] = [];
  for (const segment of syn.stripPlaces(normalize(raw)).split(' ')) {
    let text = '';
    let core = '';
    const flush = () => {
      if (text) textRuns.push(text);
      if (core) coreRuns.push(core);
      text = core = '';
    };
    let afterPlace = false;
    for (const { word, tag } of tagged(segment)) {
      if ((tag === 'ns' && !isCatalogWord(word)) || (afterPlace && PLACE_SUFFIX.has(word))) {
        afterPlace = true;
        flush();
        continue;
      }
      afterPlace = false;
      text += word;
      let token = word;
      // jieba glues a leading 想/要 to the verb (想开, 要办); peel it off unless the catalog uses the word.
      while (token.length > 1 && syn.fillers.has(token[0]!) && !isCatalogWord(token)) token = token.slice(1);
      if (syn.fillers.has(token)) {
        if (core) coreRuns.push(core);
        core = '';
      } else core += token;
    }
    flush();
  }
  const text = textRuns.join(' ');
  const core = coreRuns.join(' ');
  const pinyin = pinyinKey(text);
  const features = queryFeatures(core);

  const expansions: Expansion[] = [];
  for (const group of syn.expand([text, core], pinyin)) {
    const alternatives = group.add.map((t) => {
      const f = new Map(expansionFeatures(t));
      // What the query already says is scored once, in `features`.
      for (const k of features.keys()) f.delete(k);
      return f;
    });
    expansions.push({ weight: group.weight, alternatives: alternatives.filter((f) => f.size > 0) });
  }
  return { text, core, pinyin, features, expansions };
}
