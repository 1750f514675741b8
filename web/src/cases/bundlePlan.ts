// What one applicant applies for in a 一件事: the items that serve their kind (person / enterprise), the
// merged form without the fields only left-out items need, and the merged materials they still need.
import { itemTitle } from '../shared/labels';
import type { BundleDetail, HandlingMode, ItemDetail, JsonSchema, Material } from '../shared/types';

type Sources = Record<string, Array<{ itemCode: string; key: string }>>;
type BundleMaterialFull = BundleDetail['materials'][number] & {
  sources?: Array<{ itemCode: string; materialId: string }>;
};

/** What this applicant applies for: the items that serve their kind, with their fields and materials. */
export interface BundlePlan {
  items: ItemDetail[];
  left: ItemDetail[];
  schema: JsonSchema;
  materials: Material[];
  regions: Array<{ regionCode: string; regionName: string; departments: string[] }>;
  handlingModes: HandlingMode[];
}

export function planBundle(bundle: BundleDetail, details: ItemDetail[], kind: string): BundlePlan {
  const serves = (d: ItemDetail) => d.servedObjects.includes(kind as 'person' | 'enterprise');
  const items = details.filter(serves);
  const left = details.filter((d) => !serves(d));
  const byCode = new Map(items.map((d) => [d.code, d]));
  const sources = ((bundle.form as Record<string, unknown>)['x-sources'] ?? {}) as Sources;
  const props = (bundle.form.properties ?? {}) as Record<string, Record<string, unknown>>;
  const properties: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(props)) {
    const from = sources[key];
    if (from && !from.some((f) => byCode.has(f.itemCode))) continue;
    // The title of the first item that still needs the field: an enterprise fills 经营者名称, not 个体工商户名称.
    const first = from?.find((f) => byCode.has(f.itemCode));
    const own = first
      ? ((byCode.get(first.itemCode)?.form?.properties ?? {}) as Record<string, { title?: string }>)[
          first.key
        ]
      : undefined;
    properties[key] = own?.title ? { ...s, title: own.title } : s;
  }
  const schema = {
    ...bundle.form,
    properties,
    required: (bundle.form.required ?? []).filter((k) => k in properties),
  } as JsonSchema;

  const materials: Material[] = [];
  for (const m of bundle.materials as BundleMaterialFull[]) {
    const mine = (m.sources ?? m.items.map((c) => ({ itemCode: c, materialId: '' }))).filter((s) =>
      byCode.has(s.itemCode),
    );
    if (!mine.length) continue;
    const own = mine.map((s) => byCode.get(s.itemCode)?.materials.find((x) => x.id === s.materialId));
    const known = own.filter((x): x is Material => Boolean(x));
    const required = known.length ? known.some((x) => x.required) : m.required;
    materials.push({
      id: m.id,
      name: m.name,
      required,
      form: 'electronic',
      copies: 1,
      source: 'applicant',
      sharedFrom: null,
      allowCommitment: known.length === mine.length && known.every((x) => x.allowCommitment),
      allowDeferred: known.length === mine.length && known.every((x) => x.allowDeferred),
      note: `用于：${mine.map((s) => (byCode.get(s.itemCode) ? itemTitle(byCode.get(s.itemCode)!) : s.itemCode)).join('、')}`,
    });
  }

  const regions: BundlePlan['regions'] = [];
  for (const impl of items[0]?.implementations ?? []) {
    const all = items.map((d) => d.implementations?.find((i) => i.regionCode === impl.regionCode));
    if (all.every(Boolean))
      regions.push({
        regionCode: impl.regionCode,
        regionName: impl.regionName,
        departments: [...new Set(all.map((i) => i!.departmentName))],
      });
  }
  const handlingModes = [...new Set(items.flatMap((d) => d.handlingModes))];
  return { items, left, schema, materials, regions, handlingModes };
}
