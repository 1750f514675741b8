import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar/working-calendar.js';
import {
  type AppliedClockOp,
  applyOp,
  type ClockOp,
  type ClockState,
  dueDate,
  manualClock,
  pausedDays,
  resolveOp,
  STOPPED,
  warnDate,
  warningOf,
} from './clock.js';

// 2026-10-01..07 is the National Day holiday, 2026-10-10 (Saturday) a make-up workday, in this calendar.
const cal = new WorkingCalendar(
  [2026],
  [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
      date: `2026-10-${d}`,
      kind: 'holiday' as const,
      name: '国庆节',
    })),
    { date: '2026-10-10', kind: 'workday' as const, name: '国庆节调休' },
  ],
);

function run(ops: [string, ClockOp][]): { clock: ClockState; applied: AppliedClockOp[] } {
  let clock = STOPPED;
  const applied: AppliedClockOp[] = [];
  for (const [today, op] of ops) {
    const a = resolveOp(cal, clock, op, today);
    applied.push(a);
    clock = applyOp(clock, a);
  }
  return { clock, applied };
}

describe('workflow clock', () => {
  it('counts the limit in working days from the start date, skipping holidays and counting make-up days', () => {
    const { clock } = run([['2026-09-29', { op: 'start', limitDays: 5 }]]);
    // 09-30 (1), 10-08 (2), 10-09 (3), 10-10 make-up Saturday (4), 10-12 (5)
    expect(dueDate(cal, clock, '2026-09-29')).toBe('2026-10-12');
  });

  it('is due the same day when the limit is same-day, and goes from none straight to red', () => {
    const { clock } = run([['2026-11-02', { op: 'start', limitDays: 15, sameDay: true }]]);
    expect(dueDate(cal, clock, '2026-11-02')).toBe('2026-11-02');
    expect(warnDate(cal, clock, '2026-11-02')).toBeNull();
    expect(warningOf(cal, clock, true, '2026-11-02')).toBe('none');
    expect(warningOf(cal, clock, true, '2026-11-03')).toBe('red');
  });

  it('turns yellow at 80 % of the working days and red after the due date, only while the clock runs', () => {
    const { clock } = run([['2026-11-02', { op: 'start', limitDays: 10 }]]);
    expect(warnDate(cal, clock, '2026-11-02')).toBe('2026-11-12'); // 8 working days
    expect(warningOf(cal, clock, true, '2026-11-11')).toBe('none');
    expect(warningOf(cal, clock, true, '2026-11-12')).toBe('yellow');
    expect(warningOf(cal, clock, true, '2026-11-16')).toBe('yellow');
    expect(warningOf(cal, clock, true, '2026-11-17')).toBe('red');
    expect(warningOf(cal, clock, false, '2026-11-17')).toBe('none');
    expect(warningOf(cal, clock, true, '2026-11-12', 0.5)).toBe('yellow');
    expect(warnDate(cal, clock, '2026-11-02', 0.5)).toBe('2026-11-09');
  });

  it('does not count paused working days, an ongoing pause up to today, and warns nothing while paused', () => {
    const { clock } = run([
      ['2026-11-02', { op: 'start', limitDays: 10 }],
      ['2026-11-04', { op: 'pause', reason: '补正' }],
    ]);
    expect(pausedDays(cal, clock, '2026-11-09')).toBe(3); // 11-05, 11-06, 11-09
    expect(dueDate(cal, clock, '2026-11-09')).toBe('2026-11-19');
    expect(warningOf(cal, clock, true, '2026-12-31')).toBe('none');
    const resumed = applyOp(clock, resolveOp(cal, clock, { op: 'resume' }, '2026-11-09'));
    expect(resumed).toMatchObject({ pausedDays: 3, pausedSince: null, extendedDays: 0 });
    expect(dueDate(cal, resumed, '2026-12-01')).toBe('2026-11-19');
  });

  it('moves the due date by an extension and keeps it apart from pauses (and inside the yellow share)', () => {
    const { clock, applied } = run([
      ['2026-11-02', { op: 'start', limitDays: 10 }],
      ['2026-11-03', { op: 'pause', reason: '测试检验' }],
      ['2026-11-05', { op: 'resume' }],
      ['2026-11-06', { op: 'extend', days: 5, reason: '案情复杂' }],
    ]);
    expect(clock).toMatchObject({ pausedDays: 2, extendedDays: 5, limitDays: 10 });
    // 10 + 5 extended + 2 paused = 17 working days after 11-02
    expect(dueDate(cal, clock, '2026-11-06')).toBe('2026-11-25');
    // yellow at ceil(15 × 0.8) = 12 used days, plus the 2 paused
    expect(warnDate(cal, clock, '2026-11-06')).toBe('2026-11-20');
    expect(applied.map((a) => a.op)).toEqual(['start', 'pause', 'resume', 'extend']);
    expect(applied[2]).toEqual({ op: 'resume', days: 2 });
  });

  it('refuses a second pause, a resume without a pause and a non-positive extension', () => {
    const { clock } = run([
      ['2026-11-02', { op: 'start', limitDays: 10 }],
      ['2026-11-03', { op: 'pause', reason: '补正' }],
    ]);
    expect(() => resolveOp(cal, clock, { op: 'pause', reason: 'x' }, '2026-11-04')).toThrow();
    expect(() => resolveOp(cal, STOPPED, { op: 'resume' }, '2026-11-04')).toThrow();
    expect(() => resolveOp(cal, clock, { op: 'extend', days: 0 }, '2026-11-04')).toThrow();
  });

  it('a manual clock moves only when told, in Asia/Shanghai dates', () => {
    const c = manualClock(new Date('2026-11-02T15:59:00Z'));
    expect(c.today()).toBe('2026-11-02');
    c.set(new Date('2026-11-02T16:00:00Z'));
    expect(c.today()).toBe('2026-11-03');
    c.advanceDays(2);
    expect(c.today()).toBe('2026-11-05');
  });
});
