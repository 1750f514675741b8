import type { Region } from '../shared/types';

export interface RegionNode {
  key: string;
  value: string;
  title: string;
  region: Region;
  children: RegionNode[];
}

/** Regions as a tree by `parent`; regions whose parent is unknown become roots. */
export function regionTree(regions: Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of regions)
    nodes.set(r.code, { key: r.code, value: r.code, title: r.name, region: r, children: [] });
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code)!;
    const parent = r.parent ? nodes.get(r.parent) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: RegionNode[]) => {
    list.sort((a, b) => a.key.localeCompare(b.key));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
