import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CatalogForSearch, createSearchIndex, type SearchDoc, searchDocsFromCatalog } from './index.js';

const catalog = JSON.parse(
  readFileSync(new URL('../../../../seed/catalog.json', import.meta.url), 'utf8'),
) as CatalogForSearch;
const docs = searchDocsFromCatalog(catalog);
const index = createSearchIndex(docs);
const top = (q: string, n = 1) => index.search(q, { limit: n }).map((h) => h.code);

describe('searchDocsFromCatalog', () => {
  it('turns every item and bundle into one document', () => {
    expect(docs.filter((d) => d.kind === 'item')).toHaveLength(catalog.items.length);
    expect(docs.filter((d) => d.kind === 'bundle')).toHaveLength(catalog.bundles?.length ?? 0);
  });

  it('gives a bundle the names of its member items', () => {
    const bundle = docs.find((d) => d.code === 'BD-KBCYD')!;
    expect(bundle.members).toContain('食品经营许可');
    expect(bundle.memberCodes).toContain('SCJG-XK-007-01');
  });

  it('accepts a catalog without bundles or licence types', () => {
    const only = searchDocsFromCatalog({ items: [{ code: 'X-1', name: '测试事项' }] });
    expect(only).toHaveLength(1);
    expect(only[0]!.materials).toEqual([]);
  });
});

describe('search', () => {
  it('understands colloquial phrases', () => {
    expect(top('社保卡丢了')).toEqual(['RS-GG-008-02']);
    expect(top('孩子上户口')).toEqual(['GA-QR-001-00']);
    expect(top('办个体户')).toEqual(['SCJG-XK-004-00']);
  });

  it('puts the 一件事 bundle first when the query is a business or life event', () => {
    expect(top('想开个奶茶店')).toEqual(['BD-KBCYD']);
    expect(top('开药店')).toEqual(['BD-KBYD']);
    expect(top('老人去世了')).toEqual(['BD-SH']);
    expect(top('开饭店', 2)).toContain('SCJG-XK-007-01');
  });

  it('keeps the item first when the query names one step of an event', () => {
    expect(top('宝宝出生证明')).toEqual(['WJ-GG-001-01']);
    expect(top('食品经营许可')).toEqual(['SCJG-XK-007-01']);
  });

  it('tolerates homophone and look-alike typos', () => {
    expect(top('医保异地备按')).toEqual(['YB-GG-003-00']);
    expect(top('户口签移')[0]).toMatch(/^GA-XK-001-0[12]$/);
    expect(top('居往证')).toEqual(['GA-QR-004-00']);
  });

  it('finds words that only appear in an FAQ or in the materials', () => {
    expect(top('叉车要上牌吗')).toEqual(['SCJG-XK-011-00']);
    expect(top('隔油池')).toEqual(['CG-XK-004-00']);
  });

  it('picks the sub-item the query asks for', () => {
    expect(top('食品经营许可证过期了续办')).toEqual(['SCJG-XK-007-03']);
    expect(top('烟草证不卖了注销')).toEqual(['YC-XK-001-04']);
  });

  it('ignores place names, the catalog being the same in every region', () => {
    expect(top('郑州市社保卡补办')).toEqual(top('社保卡补办'));
    expect(top('在北京怎么办护照')).toEqual(['GA-XK-004-00']);
    expect(top('开个超市', 3)).toContain('BD-KBBLD');
  });

  it('keeps only allowed codes and honours the limit', () => {
    const allowed = new Set(['GA-QR-003-01', 'GA-QR-003-02']);
    const hits = index.search('身份证丢了', { allow: (c) => allowed.has(c) });
    expect(hits.map((h) => h.code).every((c) => allowed.has(c))).toBe(true);
    expect(hits.length).toBeGreaterThan(0);
    expect(index.search('证', { limit: 3 }).length).toBeLessThanOrEqual(3);
  });

  it('returns hits with kind, code, name, subName and a descending score', () => {
    const hits = index.search('不动产登记', { limit: 5 });
    expect(hits[0]).toMatchObject({ kind: 'item', name: '不动产登记' });
    expect(typeof hits[0]!.subName).toBe('string');
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('returns nothing for an empty or meaningless query', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('  ？！ ')).toEqual([]);
    expect(index.search('怎么办')).toEqual([]);
  });

  it('works without any synonyms (a fresh catalog before the list is maintained)', () => {
    const bare = createSearchIndex(docs, {
      synonyms: { version: 1, fillers: [], places: [], phrases: [], aliases: {} },
    });
    expect(bare.search('异地就医备案', { limit: 1 })[0]?.code).toBe('YB-GG-003-00');
  });

  it('builds in well under a second and answers in a few milliseconds', () => {
    const many: SearchDoc[] = docs;
    let t = performance.now();
    const fresh = createSearchIndex(many);
    expect(performance.now() - t).toBeLessThan(1000);
    fresh.search('预热');
    t = performance.now();
    for (let i = 0; i < 50; i++) fresh.search('医保异地备案怎么办理');
    expect((performance.now() - t) / 50).toBeLessThan(5);
  });
});
