import { useEffect, useState } from 'react';
import { api } from '../shared/api';
import type { DataResource, LicenceType } from '../shared/types';

let names: Promise<Record<string, string>> | undefined;

/** Names of e-licence types and shared data resources, for 「免提交」 explanations. */
function loadNames(): Promise<Record<string, string>> {
  names ??= Promise.all([
    api.get<{ items: LicenceType[] }>('/api/catalog/licence-types').catch(() => ({ items: [] })),
    api.get<{ items: DataResource[] }>('/api/catalog/data-resources').catch(() => ({ items: [] })),
  ]).then(([licences, resources]) => {
    const out: Record<string, string> = {};
    for (const l of licences.items ?? []) out[l.code] = l.name;
    for (const r of resources.items ?? []) out[r.code] = r.name;
    return out;
  });
  return names;
}

export function useSharedSourceNames(needed: boolean): Record<string, string> {
  const [map, setMap] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!needed) return;
    let live = true;
    void loadNames().then((m) => live && setMap(m));
    return () => {
      live = false;
    };
  }, [needed]);
  return map;
}
