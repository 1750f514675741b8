import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SpecialDay } from './working-calendar.js';
import type { YearNotice } from './year-notice.js';

/**
 * The holiday notices shipped in the `chinese-days` package (compiled from the State Council's yearly
 * notices). Years before the platform went into service are not seeded: no case runs in them.
 */
export const SEED_FROM_YEAR = 2025;

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);

function readJson<T>(specifier: string): T {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T;
}

/** Entries read "Spring Festival,春节,4": the Chinese name is the second field. */
function chineseName(entry: string): string {
  const parts = entry.split(',');
  return (parts[1] ?? parts[0] ?? '').trim() || '节假日';
}

export function packagedNotices(fromYear = SEED_FROM_YEAR): YearNotice[] {
  const { version } = readJson<{ version: string }>('chinese-days/package.json');
  const data = readJson<PackageData>('chinese-days/dist/chinese-days.json');
  const byYear = new Map<number, SpecialDay[]>();
  const add = (date: string, kind: SpecialDay['kind'], entry: string) => {
    const year = Number(date.slice(0, 4));
    if (year < fromYear) return;
    const days = byYear.get(year) ?? [];
    days.push({ date, kind, name: chineseName(entry) });
    byYear.set(year, days);
  };
  for (const [date, entry] of Object.entries(data.holidays)) add(date, 'holiday', entry);
  for (const [date, entry] of Object.entries(data.workdays)) {
    if (date in data.holidays) throw new Error(`chinese-days lists ${date} as both holiday and workday`);
    add(date, 'workday', entry);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, days]) => ({
      year,
      source: `国务院办公厅关于${year}年部分节假日安排的通知（chinese-days ${version} 收录）`,
      days: days.sort((a, b) => (a.date < b.date ? -1 : 1)),
    }));
}
