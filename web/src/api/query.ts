// Data fetching for the whole app goes through TanStack Query: one cache, deduplicated requests,
// refetch on focus and on an interval where a screen is left open, and no hand-rolled in-flight guards.
import { keepPreviousData, QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, api } from '../shared/api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal (4xx) will not change by asking again; a dropped connection or a 5xx may.
      retry: (count, err) =>
        count < 2 && (!(err instanceof ApiError) || err.status === 0 || err.status >= 500),
      refetchOnWindowFocus: true,
    },
  },
});

/** A GET path as a cache key: the path, then its query string, so a path invalidates all its queries. */
export function keyOf(path: string): string[] {
  const [pathname = '', search = ''] = path.split('?');
  return search ? [pathname, search] : [pathname];
}

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** A request for this path is under way (first load or refresh). */
  loading: boolean;
  reload: () => void;
}

export interface ApiOptions {
  /** Poll while the screen is open (ms). */
  refetchInterval?: number;
  /** Keep showing the previous path's answer while the next one loads (lists, searches). */
  keepPrevious?: boolean;
  /** How long an answer is good for (ms); Infinity for deployment constants. */
  staleTime?: number;
}

/** Loads `path` (null = wait) and follows it when it changes; answers for an outdated path are dropped. */
export function useApi<T>(path: string | null, opts: ApiOptions = {}): ApiState<T> {
  const q = useQuery<T, ApiError>({
    queryKey: path === null ? ['idle'] : keyOf(path),
    queryFn: ({ signal }) => api.get<T>(path!, undefined, signal),
    enabled: path !== null,
    refetchInterval: opts.refetchInterval,
    placeholderData: opts.keepPrevious ? keepPreviousData : undefined,
    staleTime: opts.staleTime,
  });
  const { refetch } = q;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: q.data,
    error: q.error ?? undefined,
    loading: path !== null && q.isFetching,
    reload,
  };
}

/** After a change: every cached answer at or under these paths (`/api/cases` covers `/api/cases/…`) is refetched. */
export function useInvalidate() {
  const client = useQueryClient();
  return useCallback(
    (...paths: string[]) =>
      client.invalidateQueries({
        predicate: (q) => {
          const at = String(q.queryKey[0] ?? '');
          return paths.some((p) => at === p || at.startsWith(`${p}/`));
        },
      }),
    [client],
  );
}
