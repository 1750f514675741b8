import { type CaseStatus, CLOCK_RUNNING } from './state.js';

/** The working-day arithmetic the case rules need (platform/calendar provides it). */
export interface WorkingDays {
  addWorkingDays(from: string, days: number): { date: string; calendarKnown: boolean };
  /** Working days after `from` up to and including `to` (0 when `to` <= `from`). */
  workingDaysBetween(from: string, to: string): number;
}

export type Warning = 'none' | 'yellow' | 'red';

/** 80 % of the promised working days used: the department is warned before it is late. */
export const YELLOW_AT = 0.8;

export interface ClockState {
  status: CaseStatus;
  acceptedDate: string | null;
  promisedDays: number;
  pausedWorkingDays: number;
  /** Set while a correction requested after acceptance is outstanding. */
  pausedSince: string | null;
}

/** Paused days so far, counting an ongoing pause up to today (行政许可法 Art. 45: correction time is not counted). */
export function pausedDays(cal: WorkingDays, c: ClockState, today: string): number {
  return c.pausedWorkingDays + (c.pausedSince ? cal.workingDaysBetween(c.pausedSince, today) : 0);
}

/** dueDate = acceptance date + promised working days + paused working days. */
export function dueDate(cal: WorkingDays, c: ClockState, today: string): string | null {
  if (!c.acceptedDate) return null;
  return cal.addWorkingDays(c.acceptedDate, c.promisedDays + pausedDays(cal, c, today)).date;
}

export function warningOf(cal: WorkingDays, c: ClockState, today: string): Warning {
  if (!c.acceptedDate || !CLOCK_RUNNING.includes(c.status)) return 'none';
  const due = dueDate(cal, c, today)!;
  if (today > due) return 'red';
  if (c.promisedDays === 0) return 'none';
  const used = cal.workingDaysBetween(c.acceptedDate, today) - pausedDays(cal, c, today);
  return used >= Math.ceil(c.promisedDays * YELLOW_AT) ? 'yellow' : 'none';
}
