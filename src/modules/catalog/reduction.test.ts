import { describe, expect, it } from 'vitest';
import type { CatalogItem } from './catalog-format.js';
import { materialReduction, ratio, reductionReport } from './reduction.js';

const m = (sharedFrom: string | null, allowCommitment = false) => ({ sharedFrom, allowCommitment });

describe('材料精简率', () => {
  it('counts materials that are shared or may be replaced by a commitment', () => {
    expect(materialReduction([m('LIC-YYZZ'), m(null, true), m(null), m(null)])).toEqual({
      total: 4,
      exempt: 2,
      rate: 0.5,
    });
    // Shared and commitment on one material count once.
    expect(materialReduction([m('DR-HJXX', true), m(null), m(null)]).rate).toBe(0.3333);
  });

  it('treats an item asking for no materials as fully reduced', () => {
    expect(materialReduction([])).toEqual({ total: 0, exempt: 0, rate: 1 });
    expect(ratio(2, 3)).toBe(0.6667);
  });

  it('weights a department kind by its materials, not by the average of its items', () => {
    const item = (code: string, kind: string, materials: ReturnType<typeof m>[]) =>
      ({ code, name: code, subName: '', departmentKind: kind, materials }) as unknown as CatalogItem;
    const report = reductionReport([
      item('A', '公安', [m('LIC-SFZ')]),
      item('B', '公安', [m(null), m(null), m(null)]),
      item('C', '民政', [m(null, true), m(null)]),
    ]);
    expect(report.overall).toEqual({ items: 3, materials: 6, exempt: 2, rate: 0.3333 });
    expect(report.departments).toEqual([
      { departmentKind: '民政', items: 1, materials: 2, exempt: 1, rate: 0.5 },
      { departmentKind: '公安', items: 2, materials: 4, exempt: 1, rate: 0.25 },
    ]);
    expect(report.items.map((i) => [i.code, i.rate])).toEqual([
      ['A', 1],
      ['B', 0],
      ['C', 0.5],
    ]);
  });
});
