import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `path` (null = wait) and reloads when it changes. Responses for an outdated path are
 * dropped, so fast typing or region switches never show stale results.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    // `nonce` only forces a reload.
    void nonce;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path, undefined, controller.signal)
      .then((result) => {
        setData(result);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
        setData(undefined);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
