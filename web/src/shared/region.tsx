import { Button } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useMeta } from '../api/meta';
import type { Region } from './types';
import { useApi } from './useApi';

const STORAGE_KEY = 'tongban.region';

interface RegionState {
  /** The chosen region (undefined only until the server has said which region the portal serves). */
  region: Region;
  /** The portal's home region (GET /api/meta → HOME_REGION_CODE) and its counties, home first. */
  choices: Region[];
  /** Every region the server knows (for names of other places). */
  all: Region[];
  /** The portal's home region code. */
  homeCode: string;
  setRegion: (code: string) => void;
  regionName: (code: string) => string;
}

const RegionContext = createContext<RegionState | null>(null);

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function RegionProvider({ children }: { children: ReactNode }) {
  const meta = useMeta();
  const all = useApi<{ items: Region[] }>('/api/regions', { staleTime: 10 * 60_000 }).data?.items ?? [];
  const [code, setCode] = useState<string | null>(readStored);
  const homeCode = meta?.homeRegion.code ?? '';

  const choices = useMemo(() => {
    const home: Region = all.find((r) => r.code === homeCode) ?? {
      code: homeCode,
      name: meta?.homeRegion.name ?? '',
      level: 'city',
      parent: null,
    };
    const counties = all.filter((r) => r.parent === homeCode && r.level === 'county');
    return [home, ...counties];
  }, [all, homeCode, meta?.homeRegion.name]);

  // Until the region list arrives a stored choice is taken on trust, so pages load once, for it.
  const region =
    choices.find((r) => r.code === code) ??
    (code && !all.length ? { code, name: '', level: 'county' as const, parent: homeCode } : choices[0]!);

  const setRegion = useCallback((next: string) => {
    setCode(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this visit only.
    }
  }, []);

  const regionName = useCallback((c: string) => all.find((r) => r.code === c)?.name ?? c, [all]);

  const value = useMemo(
    () => ({ region, choices, all, homeCode, setRegion, regionName }),
    [region, choices, all, homeCode, setRegion, regionName],
  );
  // Every page depends on the portal's region and name: nothing is shown before the server says them.
  if (!meta) return <MetaPending />;
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

function MetaPending() {
  const meta = useApi('/api/meta', { staleTime: Number.POSITIVE_INFINITY });
  if (!meta.error) return <div className="meta-pending" aria-busy="true" />;
  return (
    <div className="card meta-error" role="alert">
      <p>{meta.error.userMessage}</p>
      <Button type="primary" onClick={meta.reload}>
        重试
      </Button>
    </div>
  );
}

export function useRegion(): RegionState {
  const ctx = useContext(RegionContext);
  if (!ctx) throw new Error('useRegion outside RegionProvider');
  return ctx;
}
