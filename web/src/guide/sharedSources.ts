import type { DataResource, LicenceType } from '../shared/types';
import { useApi } from '../shared/useApi';

// Catalog reference lists change only on import.
const LONG = 10 * 60_000;

/** Names of e-licence types and shared data resources, for 「免提交」 explanations. */
export function useSharedSourceNames(needed: boolean): Record<string, string> {
  const licences = useApi<{ items: LicenceType[] }>(needed ? '/api/catalog/licence-types' : null, {
    staleTime: LONG,
  });
  const resources = useApi<{ items: DataResource[] }>(needed ? '/api/catalog/data-resources' : null, {
    staleTime: LONG,
  });
  const out: Record<string, string> = {};
  for (const l of licences.data?.items ?? []) out[l.code] = l.name;
  for (const r of resources.data?.items ?? []) out[r.code] = r.name;
  return out;
}
