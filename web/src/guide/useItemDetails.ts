import { useQueries } from '@tanstack/react-query';
import { keyOf } from '../api/query';
import { ApiError, api } from '../shared/api';
import type { ItemDetail } from '../shared/types';

/** Several items' guides at once, through the shared cache (catalog items change only on import). */
export function useItemDetails(codes: string[]): { details: ItemDetail[] | null; error: ApiError | null } {
  const results = useQueries({
    queries: codes.map((code) => {
      const path = `/api/catalog/items/${encodeURIComponent(code)}`;
      return {
        queryKey: keyOf(path),
        queryFn: ({ signal }: { signal: AbortSignal }) => api.get<ItemDetail>(path, undefined, signal),
        staleTime: 10 * 60_000,
      };
    }),
  });
  const failed = results.find((r) => r.error)?.error;
  const error = failed ? (failed instanceof ApiError ? failed : new ApiError({ status: 0 })) : null;
  const details = results.length && results.every((r) => r.data) ? results.map((r) => r.data!) : null;
  return { details, error };
}
