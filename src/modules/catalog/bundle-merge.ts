import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/** The parts of an item that a bundle's one form (一表申请) and one material list are built from. */
export interface MergeableItem {
  code: string;
  form: { properties?: Record<string, Record<string, unknown>>; required?: string[] } & Record<
    string,
    unknown
  >;
  materials: { id: string; name: string; required: boolean; sharedFrom?: string | null }[];
}

export interface MergedMaterial {
  id: string;
  name: string;
  required: boolean;
  items: string[];
  /** Where each item knows this document: itemCode → that item's material id. */
  sources: { itemCode: string; materialId: string }[];
}

export interface MergedForm {
  $schema: string;
  title: string;
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  additionalProperties: false;
  /** For each merged key, which item's field it fills and under which key there. */
  'x-sources': Record<string, { itemCode: string; key: string }[]>;
}

const withoutTitle = (s: Record<string, unknown>) => {
  const { title: _t, description: _d, ...rest } = s;
  return rest;
};

/** The key a field keeps when it cannot merge: it names its item so that nothing is silently shared. */
export const itemScopedKey = (key: string, itemCode: string) => `${key}@${itemCode}`;

/**
 * One form for the whole bundle. A field several items ask for (name, USCC, phone…) appears once,
 * but only when the items agree on its rules apart from the title: a merge that loosened one item's
 * rule would let through an application that item must refuse, and one that tightened it would
 * refuse applicants for no reason. Fields that disagree stay separate, each under a key naming its item.
 */
export function mergeForms(title: string, items: MergeableItem[]): MergedForm {
  const byKey = new Map<string, { itemCode: string; schema: Record<string, unknown>; required: boolean }[]>();
  for (const item of items) {
    const required = new Set(item.form.required ?? []);
    for (const [key, schema] of Object.entries(item.form.properties ?? {})) {
      const list = byKey.get(key) ?? [];
      list.push({ itemCode: item.code, schema, required: required.has(key) });
      byKey.set(key, list);
    }
  }
  const properties: MergedForm['properties'] = {};
  const required: string[] = [];
  const sources: MergedForm['x-sources'] = {};
  for (const [key, uses] of byKey) {
    const first = uses[0]!;
    const agree = uses.every((u) => isDeepStrictEqual(withoutTitle(u.schema), withoutTitle(first.schema)));
    if (agree) {
      properties[key] = first.schema;
      sources[key] = uses.map((u) => ({ itemCode: u.itemCode, key }));
      if (uses.some((u) => u.required)) required.push(key);
      continue;
    }
    for (const u of uses) {
      const scoped = itemScopedKey(key, u.itemCode);
      properties[scoped] = u.schema;
      sources[scoped] = [{ itemCode: u.itemCode, key }];
      if (u.required) required.push(scoped);
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    'x-sources': sources,
  };
}

/** Parentheses and spaces differ between departments' spellings of the same document. */
export function normaliseMaterialName(name: string): string {
  return name.replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/\s+/g, '').trim();
}

/** A document several items need is asked for once: same name, or the same shared licence/data source. */
export function mergeMaterials(items: MergeableItem[]): MergedMaterial[] {
  const merged = new Map<string, MergedMaterial>();
  for (const item of items) {
    for (const m of item.materials) {
      const key = m.sharedFrom ? `shared:${m.sharedFrom}` : `name:${normaliseMaterialName(m.name)}`;
      let entry = merged.get(key);
      if (!entry) {
        entry = {
          id: `bm-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`,
          name: m.name,
          required: false,
          items: [],
          sources: [],
        };
        merged.set(key, entry);
      }
      entry.required ||= m.required;
      if (!entry.items.includes(item.code)) entry.items.push(item.code);
      entry.sources.push({ itemCode: item.code, materialId: m.id });
    }
  }
  return [...merged.values()];
}

/** Splits a filled merged form into each item's own form. */
export function splitMergedForm(
  form: MergedForm,
  values: Record<string, unknown>,
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [mergedKey, targets] of Object.entries(form['x-sources'])) {
    if (!(mergedKey in values)) continue;
    for (const t of targets) {
      const f = out.get(t.itemCode) ?? {};
      f[t.key] = values[mergedKey];
      out.set(t.itemCode, f);
    }
  }
  return out;
}
