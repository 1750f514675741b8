import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { unitPinyin } from './pinyin.js';

let jieba: Jieba | undefined;

// Loading the dictionary takes ~200 ms, so it is done on first use, not at import time.
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const NOT_TEXT = /[^\p{Script=Han}a-z0-9]+/gu;
const UNIT = /\p{Script=Han}|[a-z0-9]+/gu;

/** Full-width to half-width, lower case, every run of punctuation or space becomes one space. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_TEXT, ' ').trim();
}

/** A Han character, or a latin word / number, is one unit; `text` must be normalized. */
export function units(text: string): string[] {
  return text.match(UNIT) ?? [];
}

/** jieba words, search mode (long words also yield their sub-words); `text` must be normalized. */
export function words(text: string): string[] {
  if (!text) return [];
  return segmenter()
    .cutForSearch(text, true)
    .filter((w) => w.trim() !== '');
}

/** jieba words with part-of-speech tags (`ns` = place name), for cleaning up queries. */
export function tagged(text: string): Array<{ word: string; tag: string }> {
  if (!text) return [];
  return segmenter()
    .tag(text, true)
    .filter((t) => t.word.trim() !== '');
}

export interface FeatureOptions {
  /** pinyin bigrams and skip-bigrams, for typo tolerance */
  typos: boolean;
  unigrams: boolean;
}

/**
 * Adds the features of `text` to `bag`. Features are namespaced strings: `w:` jieba words,
 * `b:` character bigrams (robust where jieba splits a query and a name differently), `p:`
 * pinyin bigrams (homophone typos: 备按/备案), `s:` skip-bigrams, the units either side of one
 * unit (look-alike typos: 居往证/居住证), `u:` single units (one-character words such as 烟).
 */
export function addFeatures(bag: Map<string, number>, text: string, opts: FeatureOptions, weight = 1): void {
  const normalized = normalize(text);
  if (!normalized) return;
  const add = (f: string, w: number) => bag.set(f, (bag.get(f) ?? 0) + w);
  for (const run of normalized.split(' ')) {
    for (const w of words(run)) add(`w:${w}`, weight);
    const us = units(run);
    for (let i = 0; i < us.length; i++) {
      if (opts.unigrams) add(`u:${us[i]}`, weight);
      if (i + 1 < us.length) {
        add(`b:${us[i]}${us[i + 1]}`, weight);
        if (opts.typos) add(`p:${unitPinyin(us[i]!)}_${unitPinyin(us[i + 1]!)}`, weight);
      }
      if (opts.typos && i + 2 < us.length) add(`s:${us[i]}_${us[i + 2]}`, weight);
    }
  }
}

/** Pinyin key of a text for typo-tolerant substring checks: `|bei|an|`. */
export function pinyinKey(text: string): string {
  const us = units(normalize(text));
  return us.length ? `|${us.map(unitPinyin).join('|')}|` : '';
}
