import { readFileSync } from 'node:fs';
import { normalize, pinyinKey, units } from './tokenize.js';
import type { SearchDoc } from './types.js';

/** Shape of `seed/search-synonyms.json`; see docs/search.md for how to maintain it. */
export interface SynonymFile {
  version: 1;
  fillers: string[];
  places: string[];
  phrases: Array<{ when: string[]; add: string[]; weight?: number }>;
  aliases: Record<string, string[]>;
}

const DEFAULT_PATH = new URL('../../../../seed/search-synonyms.json', import.meta.url);

export function loadSynonyms(path: string | URL = DEFAULT_PATH): SynonymFile {
  return JSON.parse(readFileSync(path, 'utf8')) as SynonymFile;
}

const DEFAULT_PHRASE_WEIGHT = 0.7;
// A trigger found only through its pinyin may be a typo or a different word that sounds the same;
// two syllables collide too often (房证/防针), so only longer triggers are matched that way.
const PINYIN_TRIGGER_DISCOUNT = 0.6;
const PINYIN_TRIGGER_MIN_UNITS = 3;

interface Trigger {
  text: string;
  pinyin: string;
  units: number;
  group: number;
}

export interface MatchedGroup {
  add: string[];
  weight: number;
}

export interface CompiledSynonyms {
  fillers: Set<string>;
  /** strips place names (with an optional 省/市/区/县 suffix) from a normalized query */
  stripPlaces(normalized: string): string;
  /** groups of catalog words to search for in addition to the query, from `phrases` */
  expand(texts: string[], queryPinyin: string): MatchedGroup[];
  aliasesOf(doc: SearchDoc): string[];
}

export function compileSynonyms(file: SynonymFile): CompiledSynonyms {
  const fillers = new Set(file.fillers.map(normalize));
  const places = [...new Set(file.places.map(normalize))].sort((a, b) => b.length - a.length);
  const placeRe = places.length ? new RegExp(`(?:${places.join('|')})(?:省|市|自治区|区|县|镇)?`, 'g') : null;

  const groups = file.phrases.map((p) => ({
    add: p.add.map(normalize).filter(Boolean),
    weight: p.weight ?? DEFAULT_PHRASE_WEIGHT,
  }));
  const triggers: Trigger[] = file.phrases.flatMap((p, group) =>
    p.when.map((w) => ({
      text: normalize(w),
      pinyin: pinyinKey(w),
      units: units(normalize(w)).length,
      group,
    })),
  );

  const aliases = new Map<string, string[]>();
  for (const [key, list] of Object.entries(file.aliases)) {
    aliases.set(key, [...(aliases.get(key) ?? []), ...list.map(normalize).filter(Boolean)]);
  }

  return {
    fillers,
    stripPlaces: (normalized) => (placeRe ? normalized.replace(placeRe, ' ').trim() : normalized),
    expand(texts, queryPinyin) {
      const compact = texts.map((t) => t.replace(/ /g, ''));
      const matched: Array<{ t: Trigger; factor: number }> = [];
      for (const t of triggers) {
        if (compact.some((c) => c.includes(t.text))) matched.push({ t, factor: 1 });
        else if (t.units >= PINYIN_TRIGGER_MIN_UNITS && queryPinyin.includes(t.pinyin)) {
          matched.push({ t, factor: PINYIN_TRIGGER_DISCOUNT });
        }
      }
      // Longest match wins: 产假工资 means maternity pay, so 工资 (wage disputes) is not read out of it.
      const best = new Map<number, number>();
      for (const { t, factor } of matched) {
        const inside = matched.some(
          (o) => o.t.group !== t.group && o.t.text.length > t.text.length && o.t.text.includes(t.text),
        );
        if (!inside && factor > (best.get(t.group) ?? 0)) best.set(t.group, factor);
      }
      return [...best].map(([group, factor]) => ({
        add: groups[group]!.add,
        weight: groups[group]!.weight * factor,
      }));
    },
    // Keyed by code for one sub-item or bundle, or by item name for every sub-item of that name.
    aliasesOf: (doc) => [
      ...(aliases.get(doc.code) ?? []),
      ...(doc.kind === 'item' ? (aliases.get(doc.name) ?? []) : []),
    ],
  };
}
