/**
 * Working-day arithmetic (工作日计算) for every administrative time limit of the platform.
 *
 * 行政许可法 Art. 82: time limits are counted in working days, statutory holidays excluded. The State
 * Council's yearly holiday notice names the holidays and the weekend days worked instead (调休上班),
 * which count as working days. The day a period starts is not counted (期间开始之日不计算在内): N
 * working days from D end on the N-th working day after D.
 *
 * Dates are plain 'YYYY-MM-DD' strings of the Chinese civil calendar; all arithmetic is on whole UTC
 * days, so the host's time zone never shifts a date.
 */

export type DayKind = 'holiday' | 'workday';

/** A day that differs from the Monday-to-Friday rule: a holiday (休) or a make-up workday (班). */
export interface SpecialDay {
  date: string;
  kind: DayKind;
  name: string;
}

export interface WorkingDayResult {
  date: string;
  /** false when a day counted lies in a year whose holiday notice is not loaded (weekends only used). */
  calendarKnown: boolean;
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const DAY_MS = 86_400_000;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
// China Standard Time is UTC+8 all year: no daylight saving since 1992.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a real calendar date in MIN_YEAR…MAX_YEAR, or null. */
export function dayNumber(date: string): number | null {
  const m = DATE_SHAPE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return null;
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over into March; a real date survives the round trip.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function isCalendarDate(date: string): boolean {
  return dayNumber(date) !== null;
}

export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function yearOfDayNumber(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const wd = weekdayOfDayNumber(requireDay(date));
  return wd === 0 || wd === 6;
}

/** The civil date in China at an instant: "today" for deadlines is Beijing time, whatever the server's zone. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('shanghaiDate: invalid instant');
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function requireDay(date: string): number {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a calendar date (YYYY-MM-DD, ${MIN_YEAR}–${MAX_YEAR}): ${date}`);
  return n;
}

/**
 * The calendar as loaded: the years whose holiday notice is known and their special days. Immutable;
 * a changed year means a new instance.
 */
export class WorkingCalendar {
  private readonly years: ReadonlySet<number>;
  private readonly special = new Map<number, SpecialDay>();

  constructor(loadedYears: Iterable<number>, days: Iterable<SpecialDay>) {
    this.years = new Set(loadedYears);
    for (const d of days) {
      const n = requireDay(d.date);
      if (!this.years.has(yearOfDayNumber(n)))
        throw new RangeError(`special day ${d.date} lies in a year that is not loaded`);
      this.special.set(n, d);
    }
  }

  /** A calendar with no notice loaded: Monday to Friday, every year unknown. */
  static weekendsOnly(): WorkingCalendar {
    return new WorkingCalendar([], []);
  }

  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  knowsYear(year: number): boolean {
    return this.years.has(year);
  }

  specialDay(date: string): SpecialDay | undefined {
    return this.special.get(requireDay(date));
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(requireDay(date));
  }

  /**
   * The day on which `days` working days counted after `from` end. `from` itself is not counted, so
   * 0 days is `from` itself, and 1 day from a Friday is the next working day, not the Friday.
   */
  addWorkingDays(from: string, days: number): WorkingDayResult {
    if (!Number.isSafeInteger(days) || days < 0)
      throw new RangeError(`addWorkingDays: days must be a non-negative integer, got ${days}`);
    const start = requireDay(from);
    let n = start;
    for (let left = days; left > 0; ) {
      n++;
      if (this.isWorking(n)) left--;
    }
    return { date: dateOfDayNumber(n), calendarKnown: this.knowsDays(start, n) };
  }

  /**
   * Working days after `from` up to and including `to` — elapsed time of a case, or the days a pause
   * lasted. 0 when `to` is not after `from` (for days overdue, count from the due date to today).
   */
  workingDaysBetween(from: string, to: string): number {
    const b = requireDay(to);
    let count = 0;
    for (let n = requireDay(from) + 1; n <= b; n++) if (this.isWorking(n)) count++;
    return count;
  }

  /** Whether every day after `from` up to and including `to` lies in a loaded year. */
  knowsRange(from: string, to: string): boolean {
    const a = requireDay(from);
    const b = requireDay(to);
    return b < a ? this.knowsDays(b, a) : this.knowsDays(a, b);
  }

  private knowsDays(afterDay: number, lastDay: number): boolean {
    if (lastDay <= afterDay) return true;
    for (let y = yearOfDayNumber(afterDay + 1); y <= yearOfDayNumber(lastDay); y++)
      if (!this.years.has(y)) return false;
    return true;
  }

  private isWorking(n: number): boolean {
    const special = this.special.get(n);
    if (special) return special.kind === 'workday';
    const wd = weekdayOfDayNumber(n);
    return wd !== 0 && wd !== 6;
  }
}
