import { useEffect, useState } from 'react';
import { api } from '../shared/api';
import type { ItemDetail, ItemSummary } from '../shared/types';

type Summary = Pick<ItemSummary, 'type' | 'departmentKind' | 'promisedDays' | 'onlineDepth'>;

// Catalog items change only on import; keeping summaries for the visit saves repeat requests.
const cache = new Map<string, Promise<Summary | null>>();

function load(code: string): Promise<Summary | null> {
  let hit = cache.get(code);
  if (!hit) {
    hit = api
      .get<ItemDetail>(`/api/catalog/items/${encodeURIComponent(code)}`)
      .then((d) => ({
        type: d.type,
        departmentKind: d.departmentKind,
        promisedDays: d.promisedDays,
        onlineDepth: d.onlineDepth,
      }))
      .catch(() => {
        cache.delete(code);
        return null;
      });
    cache.set(code, hit);
  }
  return hit;
}

/**
 * Search results carry only code and name; the list also shows department, promised limit and
 * online depth, fetched here for the items that arrive without them.
 */
export function useItemSummaries(codes: string[]): Record<string, Summary> {
  const [map, setMap] = useState<Record<string, Summary>>({});
  const key = codes.join(',');
  useEffect(() => {
    let live = true;
    const list = key ? key.split(',') : [];
    for (const code of list) {
      void load(code).then((s) => {
        if (live && s) setMap((m) => (m[code] ? m : { ...m, [code]: s }));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  return map;
}
