import { shanghaiDate } from '../calendar/working-calendar.js';

/** The working-day arithmetic the clock needs; platform/calendar's WorkingCalendar provides it. */
export interface WorkingDays {
  addWorkingDays(from: string, days: number): { date: string; calendarKnown: boolean };
  /** Working days after `from` up to and including `to` (0 when `to` <= `from`). */
  workingDaysBetween(from: string, to: string): number;
}

/** Time as the kernel sees it; tests inject a manual clock instead of rewriting rows with SQL. */
export interface Clock {
  now(): Date;
  /** The calendar date in Asia/Shanghai. */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => shanghaiDate(new Date()),
};

/** A clock that moves only when told to (tests, replays of a scenario). */
export function manualClock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    today: () => shanghaiDate(new Date(t)),
    set(d: Date) {
      t = d.getTime();
    },
    advanceDays(days: number) {
      t += days * 86_400_000;
    },
  };
}

export type Warning = 'none' | 'yellow' | 'red';

/**
 * A time limit in working days. Pauses (补正, 测试检验…: 行政许可法 Art. 45 — time spent on them is not
 * counted) and extensions (a granted 延期: the limit itself grows) are kept apart, because the law and
 * the 效能监察 statistics treat them differently: a pause is the applicant's or a third party's time, an
 * extension is the department's.
 */
export interface ClockState {
  /** The date the limit counts from (not itself counted); null until the clock starts. */
  startDate: string | null;
  limitDays: number;
  /** Due on the start date itself (urgent 12345 tickets, 即办件). */
  sameDay: boolean;
  /** Working days of completed pauses. */
  pausedDays: number;
  pausedSince: string | null;
  pauseReason: string | null;
  /** Working days granted by extensions. */
  extendedDays: number;
}

export const STOPPED: ClockState = {
  startDate: null,
  limitDays: 0,
  sameDay: false,
  pausedDays: 0,
  pausedSince: null,
  pauseReason: null,
  extendedDays: 0,
};

/** What a handler asks for. */
export type ClockOp =
  | { op: 'start'; limitDays: number; sameDay?: boolean; date?: string }
  | { op: 'pause'; reason: string }
  | { op: 'resume' }
  | { op: 'extend'; days: number; reason?: string };

/** The same operations with their dates and day counts resolved, as stored in the event (replay needs no calendar). */
export type AppliedClockOp =
  | { op: 'start'; date: string; limitDays: number; sameDay: boolean }
  | { op: 'pause'; since: string; reason: string }
  | { op: 'resume'; days: number }
  | { op: 'extend'; days: number; reason: string | null };

export function resolveOp(cal: WorkingDays, c: ClockState, op: ClockOp, today: string): AppliedClockOp {
  switch (op.op) {
    case 'start':
      return { op: 'start', date: op.date ?? today, limitDays: op.limitDays, sameDay: op.sameDay ?? false };
    case 'pause':
      if (c.pausedSince) throw new Error('clock: already paused');
      return { op: 'pause', since: today, reason: op.reason };
    case 'resume':
      if (!c.pausedSince) throw new Error('clock: not paused');
      return { op: 'resume', days: cal.workingDaysBetween(c.pausedSince, today) };
    case 'extend':
      if (!Number.isSafeInteger(op.days) || op.days <= 0)
        throw new Error('clock: extension must be positive');
      return { op: 'extend', days: op.days, reason: op.reason ?? null };
  }
}

/** Pure: the fold replay uses. */
export function applyOp(c: ClockState, a: AppliedClockOp): ClockState {
  switch (a.op) {
    case 'start':
      return { ...STOPPED, startDate: a.date, limitDays: a.limitDays, sameDay: a.sameDay };
    case 'pause':
      return { ...c, pausedSince: a.since, pauseReason: a.reason };
    case 'resume':
      return { ...c, pausedSince: null, pauseReason: null, pausedDays: c.pausedDays + a.days };
    case 'extend':
      return { ...c, extendedDays: c.extendedDays + a.days };
  }
}

/** Paused working days so far, an ongoing pause counted up to today. */
export function pausedDays(cal: WorkingDays, c: ClockState, today: string): number {
  return c.pausedDays + (c.pausedSince ? cal.workingDaysBetween(c.pausedSince, today) : 0);
}

/** The working-day budget before pauses: the limit (0 when due the same day) plus extensions. */
export function budgetDays(c: ClockState): number {
  return (c.sameDay ? 0 : c.limitDays) + c.extendedDays;
}

export function dueDate(cal: WorkingDays, c: ClockState, today: string): string | null {
  if (!c.startDate) return null;
  return cal.addWorkingDays(c.startDate, budgetDays(c) + pausedDays(cal, c, today)).date;
}

/** Default share of the budget used at which the department is warned (yellow). */
export const DEFAULT_YELLOW_SHARE = 0.8;

/**
 * The first day on which the warning is yellow: `share` of the budget used. Null when there is no
 * budget to share (same-day limits go straight from none to red).
 */
export function warnDate(
  cal: WorkingDays,
  c: ClockState,
  today: string,
  share = DEFAULT_YELLOW_SHARE,
): string | null {
  if (!c.startDate) return null;
  const budget = budgetDays(c);
  if (budget === 0) return null;
  return cal.addWorkingDays(c.startDate, Math.ceil(budget * share) + pausedDays(cal, c, today)).date;
}

/** Yellow from the warn date, red after the due date; none while the clock does not run (state or pause). */
export function warningOf(
  cal: WorkingDays,
  c: ClockState,
  running: boolean,
  today: string,
  share = DEFAULT_YELLOW_SHARE,
): Warning {
  if (!running || !c.startDate || c.pausedSince) return 'none';
  const due = dueDate(cal, c, today)!;
  if (today > due) return 'red';
  const warn = warnDate(cal, c, today, share);
  return warn && today >= warn ? 'yellow' : 'none';
}

export const WARNING_RANK: Record<Warning, number> = { none: 0, yellow: 1, red: 2 };
