import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from './api';
import type { Region } from './types';

/** The city this portal serves; the picker offers the city itself and its counties. */
export const HOME_CITY = { code: '411200', name: '峡州市' };

const STORAGE_KEY = 'tongban.region';

// Shown until GET /api/regions answers, and if it cannot.
const FALLBACK: Region[] = [
  { code: '411200', name: '峡州市', level: 'city', parent: '410000' },
  { code: '411202', name: '峡江区', level: 'county', parent: '411200' },
  { code: '411221', name: '崤山县', level: 'county', parent: '411200' },
  { code: '411224', name: '卢水县', level: 'county', parent: '411200' },
];

interface RegionState {
  region: Region;
  /** The city and its counties, city first. */
  choices: Region[];
  /** Every region the server knows (for names of other places). */
  all: Region[];
  setRegion: (code: string) => void;
  regionName: (code: string) => string;
}

const RegionContext = createContext<RegionState | null>(null);

function readStored(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? HOME_CITY.code;
  } catch {
    return HOME_CITY.code;
  }
}

export function RegionProvider({ children }: { children: ReactNode }) {
  const [all, setAll] = useState<Region[]>(FALLBACK);
  const [code, setCode] = useState<string>(readStored);

  useEffect(() => {
    api
      .get<{ items: Region[] }>('/api/regions')
      .then((res) => {
        if (Array.isArray(res.items) && res.items.length > 0) setAll(res.items);
      })
      .catch(() => undefined);
  }, []);

  const choices = useMemo(() => {
    const city = all.find((r) => r.code === HOME_CITY.code) ?? FALLBACK[0]!;
    const counties = all.filter((r) => r.parent === HOME_CITY.code && r.level === 'county');
    return [city, ...counties];
  }, [all]);

  const region = choices.find((r) => r.code === code) ?? choices[0]!;

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
    () => ({ region, choices, all, setRegion, regionName }),
    [region, choices, all, setRegion, regionName],
  );
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

export function useRegion(): RegionState {
  const ctx = useContext(RegionContext);
  if (!ctx) throw new Error('useRegion outside RegionProvider');
  return ctx;
}
