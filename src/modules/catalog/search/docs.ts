import type { SearchDoc } from './types.js';

/** The subset of a catalog/v1 document that search reads; extra fields are ignored. */
export interface CatalogForSearch {
  items: Array<{
    code: string;
    name: string;
    subName?: string | null;
    type?: string | null;
    departmentKind?: string | null;
    themes?: string[] | null;
    materials?: Array<{ name: string; note?: string | null }> | null;
    faq?: Array<{ q: string; a: string }> | null;
    resultLicence?: string | null;
  }>;
  bundles?: Array<{ code: string; name: string; items: string[] }> | null;
  licenceTypes?: Array<{ code: string; name: string }> | null;
}

export function searchDocsFromCatalog(catalog: CatalogForSearch): SearchDoc[] {
  const licenceNames = new Map((catalog.licenceTypes ?? []).map((l) => [l.code, l.name]));
  const itemsByCode = new Map(catalog.items.map((i) => [i.code, i]));
  const items: SearchDoc[] = catalog.items.map((i) => ({
    kind: 'item',
    code: i.code,
    name: i.name,
    subName: i.subName ?? '',
    type: i.type ?? '',
    departmentKind: i.departmentKind ?? '',
    themes: i.themes ?? [],
    materials: (i.materials ?? []).map((m) => (m.note ? `${m.name} ${m.note}` : m.name)),
    faq: i.faq ?? [],
    licence: (i.resultLicence && licenceNames.get(i.resultLicence)) || '',
    members: [],
    memberCodes: [],
  }));
  const bundles: SearchDoc[] = (catalog.bundles ?? []).map((b) => ({
    kind: 'bundle',
    code: b.code,
    name: b.name,
    subName: '',
    type: '一件事',
    departmentKind: '',
    themes: [],
    materials: [],
    faq: [],
    licence: '',
    members: b.items.flatMap((code) => {
      const item = itemsByCode.get(code);
      return item ? [item.name] : [];
    }),
    memberCodes: b.items.filter((code) => itemsByCode.has(code)),
  }));
  return [...items, ...bundles];
}
