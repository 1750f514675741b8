import type { CatalogItem, CatalogMaterial } from './catalog-format.js';

/**
 * 材料精简率: the share of an item's materials an applicant need not upload — those another
 * department already holds (免提交, `sharedFrom`) and those a signed commitment may replace (告知承诺).
 * An item that asks for no materials at all needs none uploaded: its rate is 1.
 */
export function materialReduction(
  materials: readonly Pick<CatalogMaterial, 'sharedFrom' | 'allowCommitment'>[],
): {
  total: number;
  exempt: number;
  rate: number;
} {
  const total = materials.length;
  const exempt = materials.filter((m) => m.sharedFrom !== null || m.allowCommitment).length;
  return { total, exempt, rate: ratio(exempt, total) };
}

/** A rate rounded to four decimals (0.6667), so the API and the pages agree on the figure. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 10_000) / 10_000;
}

export interface ReductionRow {
  code: string;
  name: string;
  subName: string;
  departmentKind: string;
  materials: number;
  exempt: number;
  rate: number;
}

/** The rate of every item and of every department kind (materials counted across its items). */
export function reductionReport(items: readonly CatalogItem[]) {
  const rows: ReductionRow[] = items.map((i) => {
    const r = materialReduction(i.materials);
    return {
      code: i.code,
      name: i.name,
      subName: i.subName,
      departmentKind: i.departmentKind,
      materials: r.total,
      exempt: r.exempt,
      rate: r.rate,
    };
  });
  const kinds = new Map<string, { items: number; materials: number; exempt: number }>();
  for (const r of rows) {
    const k = kinds.get(r.departmentKind) ?? { items: 0, materials: 0, exempt: 0 };
    k.items++;
    k.materials += r.materials;
    k.exempt += r.exempt;
    kinds.set(r.departmentKind, k);
  }
  const departments = [...kinds.entries()]
    .map(([departmentKind, k]) => ({ departmentKind, ...k, rate: ratio(k.exempt, k.materials) }))
    .sort((a, b) => b.rate - a.rate || a.departmentKind.localeCompare(b.departmentKind, 'zh'));
  const materials = rows.reduce((n, r) => n + r.materials, 0);
  const exempt = rows.reduce((n, r) => n + r.exempt, 0);
  return {
    overall: { items: rows.length, materials, exempt, rate: ratio(exempt, materials) },
    departments,
    items: rows,
  };
}
