import { record } from '../audit/index.js';
import type { Db } from '../db/database.js';
import { transaction } from '../db/unit-of-work.js';
import { notFound } from '../errors.js';
import { appendEvent } from '../events.js';
import * as repo from './calendar-repo.js';
import { packagedNotices } from './packaged-notices.js';
import { type SpecialDay, shanghaiDate, WorkingCalendar, type WorkingDayResult } from './working-calendar.js';
import { parseYearNotice } from './year-notice.js';

export interface CalendarYear {
  year: number;
  source: string;
  loadedAt: string;
  /** The administrator who loaded the year; null when seeded from the packaged notices. */
  loadedBy: string | null;
  holidays: number;
  workdays: number;
}

export interface CalendarServiceOptions {
  /** How often a process asks whether another process changed the calendar; default 5 s. */
  stampCheckMs?: number;
  /** The clock behind today(); tests may stop it. */
  now?: () => Date;
  /** A background refresh failed; the calendar in memory stays in use. */
  onRefreshError?: (err: unknown) => void;
}

export type CalendarService = ReturnType<typeof createCalendarService>;

const present = (r: repo.YearRow): CalendarYear => ({
  year: r.year,
  source: r.source,
  loadedAt: new Date(r.loadedAt).toISOString(),
  loadedBy: r.loadedBy,
  holidays: Number(r.holidays),
  workdays: Number(r.workdays),
});

/**
 * The working-day calendar of the platform, held in memory. Reads are synchronous and never touch the
 * database, so they are safe inside a transaction (on PGlite the transaction holds the only
 * connection). A change made in this process is visible at once; one made by another process is
 * picked up by a stamp check started in the background at most every `stampCheckMs`.
 */
export function createCalendarService(db: Db, opts: CalendarServiceOptions = {}) {
  const stampCheckMs = opts.stampCheckMs ?? 5_000;
  const now = opts.now ?? (() => new Date());
  const onRefreshError = opts.onRefreshError ?? (() => {});

  let current: { calendar: WorkingCalendar; stamp: string } | null = null;
  let checkedAt = 0;
  let backgroundCheck = false;
  // Refreshes run one after another, so a slow early one never overwrites a later one.
  let queue: Promise<unknown> = Promise.resolve();

  async function refresh(): Promise<boolean> {
    checkedAt = Date.now();
    const stamp = await repo.stamp(db);
    if (current?.stamp === stamp) return false;
    // Read after the stamp: the days are at least as new as the stamp they are filed under.
    const { years, days } = await repo.everything(db);
    current = { calendar: new WorkingCalendar(years, days), stamp };
    return true;
  }

  /**
   * Reloads the calendar if the database changed; resolves to whether it did. Not to be awaited inside
   * a transaction: it reads through the pool.
   */
  function sync(): Promise<boolean> {
    const run = queue.then(refresh, refresh);
    queue = run.catch(() => {});
    return run;
  }

  /** The calendar in memory, for many computations in a row (e.g. a list of cases). */
  function snapshot(): WorkingCalendar {
    if (!current) throw new Error('calendar not loaded: await ensureSeeded() or sync() first');
    if (!backgroundCheck && Date.now() - checkedAt >= stampCheckMs) {
      backgroundCheck = true;
      sync()
        .catch(onRefreshError)
        .finally(() => {
          backgroundCheck = false;
        });
    }
    return current.calendar;
  }

  async function yearSummary(year: number): Promise<CalendarYear> {
    const [row] = await repo.years(db, year);
    if (!row) throw notFound('日历年份', String(year));
    return present(row);
  }

  return {
    snapshot,
    sync,

    /** See WorkingCalendar.addWorkingDays: `from` is not counted; 0 days is `from` itself. */
    addWorkingDays(from: string, days: number): WorkingDayResult {
      return snapshot().addWorkingDays(from, days);
    },

    /** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
    workingDaysBetween(from: string, to: string): number {
      return snapshot().workingDaysBetween(from, to);
    },

    isWorkingDay(date: string): boolean {
      return snapshot().isWorkingDay(date);
    },

    /** Whether every day after `from` up to `to` lies in a year whose notice is loaded. */
    knowsRange(from: string, to: string): boolean {
      return snapshot().knowsRange(from, to);
    },

    /** Today's date in China (Asia/Shanghai), 'YYYY-MM-DD'. */
    today(): string {
      return shanghaiDate(now());
    },

    /**
     * Loads every packaged notice whose year is not loaded yet (a year an administrator loaded is never
     * overwritten), then the calendar into memory. Safe to run from several processes at once.
     */
    async ensureSeeded(): Promise<{ seeded: number[] }> {
      const notices = packagedNotices();
      const seeded = await transaction(db, async (tx) => {
        const done: number[] = [];
        for (const n of notices) {
          if (!(await repo.claimYear(tx, n.year, n.source))) continue;
          await repo.replaceDays(tx, n.year, n.days);
          await appendEvent(tx, {
            aggregateType: 'calendar_year',
            aggregateId: String(n.year),
            type: 'calendar.year_loaded',
            payload: { via: 'seed', source: n.source, ...counts(n.days) },
          });
          await record(tx, {
            action: 'calendar.load_year',
            object: `calendar_year:${n.year}`,
            detail: { via: 'seed' },
          });
          done.push(n.year);
        }
        return done;
      });
      await sync();
      return { seeded };
    },

    async years(): Promise<CalendarYear[]> {
      return (await repo.years(db)).map(present);
    },

    /** The special days of a loaded year; 404 when its notice is not loaded. */
    async days(year: number): Promise<CalendarYear & { days: SpecialDay[] }> {
      const summary = await yearSummary(year);
      return { ...summary, days: await repo.daysOf(db, year) };
    },

    /**
     * Loads or replaces one year from the State Council's notice, in one transaction with its event.
     * `notice` is `{ source, days: [{ date, kind, name }] }`, checked as untrusted input: every bad
     * field is reported at once (400 validation_failed).
     */
    async loadYear(actorId: string | null, year: number, notice: unknown): Promise<CalendarYear> {
      const { source, days } = parseYearNotice(year, notice);
      await transaction(db, async (tx) => {
        const previous = await repo.lockYear(tx, year);
        await repo.upsertYear(tx, year, source, actorId);
        await repo.replaceDays(tx, year, days);
        await appendEvent(tx, {
          aggregateType: 'calendar_year',
          aggregateId: String(year),
          type: 'calendar.year_loaded',
          actorId,
          payload: {
            via: 'admin',
            source,
            ...counts(days),
            replaced: previous !== undefined,
            ...(previous ? { previousSource: previous.source } : {}),
          },
        });
        await record(tx, {
          action: 'calendar.load_year',
          object: `calendar_year:${year}`,
          detail: { source, replaced: previous !== undefined },
        });
      });
      await sync();
      return yearSummary(year);
    },
  };
}

function counts(days: SpecialDay[]): { holidays: number; workdays: number } {
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  return { holidays, workdays: days.length - holidays };
}
