import { useItemDetails } from '../guide/useItemDetails';
import type { ItemSummary } from '../shared/types';

type Summary = Pick<ItemSummary, 'type' | 'departmentKind' | 'promisedDays' | 'onlineDepth'>;

/**
 * Search results carry only code and name; the list also shows department, promised limit and
 * online depth, fetched here (through the shared cache) for the items that arrive without them.
 */
export function useItemSummaries(codes: string[]): Record<string, Summary> {
  const { details } = useItemDetails(codes);
  const map: Record<string, Summary> = {};
  for (const d of details ?? [])
    map[d.code] = {
      type: d.type,
      departmentKind: d.departmentKind,
      promisedDays: d.promisedDays,
      onlineDepth: d.onlineDepth,
    };
  return map;
}
