import { Alert, Button } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useMeta } from '../api/meta';
import { type Query, withQuery } from './api';
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
  /**
   * `path` for the chosen region, or null while it is not known yet (first visit, before
   * GET /api/meta answers): a page then waits rather than loading every region's answer first.
   */
  regionPath: (path: string, query?: Query) => string | null;
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

  const regionPath = useCallback(
    (path: string, query?: Query) =>
      region.code ? withQuery(path, { ...query, region: region.code }) : null,
    [region.code],
  );
  const value = useMemo(
    () => ({ region, choices, all, homeCode, setRegion, regionName, regionPath }),
    [region, choices, all, homeCode, setRegion, regionName, regionPath],
  );
  // The page renders at once (first paint never waits for the rules); only a failure is shown here.
  return (
    <RegionContext.Provider value={value}>
      <MetaProblem />
      {children}
    </RegionContext.Provider>
  );
}

function MetaProblem() {
  const meta = useApi('/api/meta', { staleTime: Number.POSITIVE_INFINITY });
  if (!meta.error) return null;
  return (
    <Alert
      type="error"
      banner
      title={`${meta.error.userMessage}（未能读取门户信息）`}
      action={
        <Button size="small" onClick={meta.reload}>
          重试
        </Button>
      }
    />
  );
}

export function useRegion(): RegionState {
  const ctx = useContext(RegionContext);
  if (!ctx) throw new Error('useRegion outside RegionProvider');
  return ctx;
}
