import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/calendar/working-calendar.js';
import { dueDate, pausedDays, warningOf } from './deadline.js';

// A National-Day-shaped fixture: Oct 1–7 off, a Sunday and a Saturday worked to make up.
const cal = new WorkingCalendar(
  [2026],
  [
    ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map(
      (date) => ({
        date,
        kind: 'holiday' as const,
        name: '国庆节',
      }),
    ),
    { date: '2026-09-20', kind: 'workday' as const, name: '国庆节调休' },
    { date: '2026-10-10', kind: 'workday' as const, name: '国庆节调休' },
  ],
);

const clock = (over: Partial<Parameters<typeof warningOf>[1]> = {}) => ({
  status: 'in_review' as const,
  acceptedDate: '2026-09-28',
  promisedDays: 5,
  pausedWorkingDays: 0,
  pausedSince: null,
  ...over,
});

describe('case deadlines', () => {
  it('counts promised working days across the National Day holiday', () => {
    // Sep 29, 30, Oct 8, 9, 10 (make-up Saturday).
    expect(dueDate(cal, clock(), '2026-09-28')).toBe('2026-10-10');
  });

  it('adds paused working days to the due date', () => {
    expect(dueDate(cal, clock({ pausedWorkingDays: 2 }), '2026-09-28')).toBe('2026-10-13');
  });

  it('counts an ongoing pause up to today', () => {
    const c = clock({ pausedSince: '2026-09-30' });
    expect(pausedDays(cal, c, '2026-10-09')).toBe(2); // Oct 8 and 9
    expect(warningOf(cal, { ...c, status: 'correction' }, '2026-10-20')).toBe('none');
  });

  it('warns yellow at 80 % of the working days and red once overdue', () => {
    expect(warningOf(cal, clock(), '2026-09-30')).toBe('none'); // 2 of 5 used
    expect(warningOf(cal, clock(), '2026-10-09')).toBe('yellow'); // 4 of 5
    expect(warningOf(cal, clock(), '2026-10-10')).toBe('yellow'); // due today
    expect(warningOf(cal, clock(), '2026-10-12')).toBe('red');
  });

  it('has no deadline before acceptance', () => {
    expect(dueDate(cal, clock({ acceptedDate: null, status: 'submitted' }), '2026-10-01')).toBeNull();
    expect(warningOf(cal, clock({ acceptedDate: null, status: 'submitted' }), '2026-12-01')).toBe('none');
  });

  it('makes a 即办件 due the day it is accepted', () => {
    expect(dueDate(cal, clock({ promisedDays: 0 }), '2026-09-28')).toBe('2026-09-28');
    expect(warningOf(cal, clock({ promisedDays: 0 }), '2026-09-29')).toBe('red');
  });
});
