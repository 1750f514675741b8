import type { CatalogDepartment, CatalogItem, CatalogRegion } from './catalog-format.js';

/**
 * 实施清单: an item is implemented in every region of one of its levels by that region's department
 * of the item's kind. A region without such a department does not implement it (and does not list it).
 */
export function computeImplementations(
  items: Pick<CatalogItem, 'code' | 'levels' | 'departmentKind'>[],
  regions: CatalogRegion[],
  departments: CatalogDepartment[],
): { item_code: string; region_code: string; department_code: string }[] {
  const deptByRegionKind = new Map<string, string>();
  for (const d of [...departments].sort((a, b) => a.code.localeCompare(b.code))) {
    const key = `${d.regionCode}|${d.kind}`;
    if (!deptByRegionKind.has(key)) deptByRegionKind.set(key, d.code);
  }
  const out: { item_code: string; region_code: string; department_code: string }[] = [];
  for (const item of items) {
    for (const region of regions) {
      if (!item.levels.includes(region.level)) continue;
      const dept = deptByRegionKind.get(`${region.code}|${item.departmentKind}`);
      if (dept) out.push({ item_code: item.code, region_code: region.code, department_code: dept });
    }
  }
  return out;
}
