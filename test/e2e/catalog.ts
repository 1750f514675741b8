// The demo catalog the server imports on an empty database: tests assert on its real content.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.js';

interface SeedItem {
  code: string;
  name: string;
  subName: string;
  handlingModes: string[];
  materials: Array<{ id: string; name: string }>;
  flow: { steps: Array<{ id: string; name: string; parallelGroup?: string }> };
  faq: Array<{ q: string; a: string }>;
}

interface SeedBundle {
  code: string;
  name: string;
  items: string[];
}

const seed = JSON.parse(readFileSync(join(ROOT, 'seed/catalog.json'), 'utf8')) as {
  items: SeedItem[];
  bundles: SeedBundle[];
};

export function seedItem(code: string): SeedItem {
  const item = seed.items.find((i) => i.code === code);
  if (!item) throw new Error(`seed/catalog.json has no item ${code}`);
  return item;
}

export function seedBundle(code: string): SeedBundle {
  const bundle = seed.bundles.find((b) => b.code === code);
  if (!bundle) throw new Error(`seed/catalog.json has no bundle ${code}`);
  return bundle;
}

/** The first item whose flow has steps side by side (并联) and that answers at least one FAQ. */
export function itemWithParallelFlow(): SeedItem {
  const item = seed.items.find((i) => i.flow.steps.some((s) => s.parallelGroup) && i.faq.length > 0);
  if (!item) throw new Error('seed/catalog.json has no item with a parallel flow and an FAQ');
  return item;
}

/** The first item with at least `n` FAQ entries. */
export function itemWithFaqs(n: number): SeedItem {
  const item = seed.items.find((i) => i.faq.length >= n);
  if (!item) throw new Error(`seed/catalog.json has no item with ${n} FAQs`);
  return item;
}
