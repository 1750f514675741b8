import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogForSearch } from './docs.js';
import { compileSynonyms, loadSynonyms } from './synonyms.js';
import { pinyinKey } from './tokenize.js';

const catalog = JSON.parse(
  readFileSync(new URL('../../../../seed/catalog.json', import.meta.url), 'utf8'),
) as CatalogForSearch & { bundles: NonNullable<CatalogForSearch['bundles']> };
const file = loadSynonyms();
const syn = compileSynonyms(file);
const added = (q: string) => syn.expand([q], '').flatMap((g) => g.add);

describe('seed/search-synonyms.json', () => {
  it('names only items, item names and bundles that exist in the catalog', () => {
    const known = new Set([
      ...catalog.items.map((i) => i.code),
      ...catalog.items.map((i) => i.name),
      ...catalog.bundles.map((b) => b.code),
    ]);
    expect(Object.keys(file.aliases).filter((k) => !known.has(k))).toEqual([]);
  });

  it('gives every item and every bundle at least one colloquial alias', () => {
    const uncovered = [
      ...catalog.items.filter((i) => !file.aliases[i.code] && !file.aliases[i.name]).map((i) => i.code),
      ...catalog.bundles.filter((b) => !file.aliases[b.code]).map((b) => b.code),
    ];
    expect(uncovered).toEqual([]);
  });

  it('has no empty phrase groups', () => {
    for (const p of file.phrases) {
      expect(p.when.length).toBeGreaterThan(0);
      expect(p.add.length).toBeGreaterThan(0);
    }
  });
});

describe('phrase expansion', () => {
  it('maps everyday words to catalog vocabulary', () => {
    expect(added('社保卡丢了')).toEqual(expect.arrayContaining(['补领', '社会保障卡']));
    expect(added('想开个奶茶店')).toEqual(expect.arrayContaining(['餐饮', '食品经营']));
    expect(added('孩子上户口')).toContain('出生登记');
    expect(added('开公司')).toContain('企业');
  });

  it('lets the longest trigger win: 产假工资 is maternity pay, not a wage dispute', () => {
    const a = added('产假工资');
    expect(a).toContain('生育津贴');
    expect(a).not.toContain('劳动人事争议仲裁');
  });

  it('matches a long trigger by pinyin when it is mistyped, at a discount', () => {
    const groups = syn.expand(['宝保出生'], pinyinKey('宝保出生'));
    const hit = groups.find((g) => g.add.includes('新生儿出生'));
    expect(hit?.weight).toBeGreaterThan(0);
    expect(hit!.weight).toBeLessThan(0.7);
  });

  it('does not match two-syllable triggers by pinyin, which collide too often', () => {
    expect(syn.expand(['防证'], pinyinKey('防证')).flatMap((g) => g.add)).not.toContain('不动产权证书');
  });
});

describe('places and fillers', () => {
  it('strips listed place names with their suffix', () => {
    expect(syn.stripPlaces('郑州市社保卡补办')).toBe('社保卡补办');
    expect(syn.stripPlaces('峡州市不动产登记')).toBe('不动产登记');
  });

  it('treats question words as fillers', () => {
    expect(syn.fillers.has('怎么办')).toBe(true);
    expect(syn.fillers.has('社保')).toBe(false);
  });
});
