import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packagedNotices } from './packaged-notices.js';
import { dateOfDayNumber, dayNumber, shanghaiDate, WorkingCalendar } from './working-calendar.js';

// The real 2025 and 2026 notices, as the platform seeds them.
const notices = packagedNotices(2025).filter((n) => n.year <= 2026);
const cal = new WorkingCalendar(
  notices.map((n) => n.year),
  notices.flatMap((n) => n.days),
);
const add = (from: string, days: number) => cal.addWorkingDays(from, days);

describe('the packaged notices', () => {
  it('hold 2025 and 2026', () => {
    expect(notices.map((n) => n.year)).toEqual([2025, 2026]);
  });
});

describe('2025 Spring Festival (Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked)', () => {
  it('knows which days are worked', () => {
    expect(cal.isWorkingDay('2025-01-25')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(cal.isWorkingDay('2025-01-27')).toBe(true);
    for (const d of ['28', '29', '30', '31']) expect(cal.isWorkingDay(`2025-01-${d}`)).toBe(false);
    for (const d of ['01', '02', '03', '04']) expect(cal.isWorkingDay(`2025-02-${d}`)).toBe(false);
    expect(cal.isWorkingDay('2025-02-05')).toBe(true);
    expect(cal.isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkingDay('2025-02-09')).toBe(false);
  });

  it('counts from the day before the holiday across the whole holiday', () => {
    expect(add('2025-01-27', 1)).toEqual({ date: '2025-02-05', calendarKnown: true });
    expect(add('2025-01-27', 3)).toEqual({ date: '2025-02-07', calendarKnown: true });
    expect(add('2025-01-27', 4)).toEqual({ date: '2025-02-08', calendarKnown: true });
    expect(add('2025-01-27', 5)).toEqual({ date: '2025-02-10', calendarKnown: true });
  });

  it('lands on the make-up Sunday when counting from the Friday before it', () => {
    expect(add('2025-01-24', 1).date).toBe('2025-01-26');
    expect(add('2025-01-24', 2).date).toBe('2025-01-27');
  });

  it('counts from a holiday itself as from any day: the next working day is day 1', () => {
    expect(add('2025-01-30', 1).date).toBe('2025-02-05');
    expect(add('2025-02-02', 5).date).toBe('2025-02-10');
  });

  it('counts from a make-up Saturday without counting the Saturday', () => {
    expect(add('2025-02-08', 1).date).toBe('2025-02-10');
  });

  it('returns the start itself for 0 days, even on a holiday', () => {
    expect(add('2025-01-30', 0)).toEqual({ date: '2025-01-30', calendarKnown: true });
  });
});

describe('2025 National Day with Mid-Autumn (Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked)', () => {
  it('knows which days are worked', () => {
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    for (let d = 1; d <= 8; d++) expect(cal.isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    expect(cal.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('adds working days across the holiday', () => {
    expect(add('2025-09-26', 1).date).toBe('2025-09-28');
    expect(add('2025-09-30', 1).date).toBe('2025-10-09');
    expect(add('2025-09-30', 3).date).toBe('2025-10-11');
    expect(add('2025-09-30', 4).date).toBe('2025-10-13');
  });

  it('puts the 20-working-day decision limit (行政许可法 Art. 42) of a case accepted on Sep 15 on Oct 17', () => {
    expect(add('2025-09-15', 20)).toEqual({ date: '2025-10-17', calendarKnown: true });
  });
});

describe('2026 per the packaged notice', () => {
  it('New Year: Jan 1–3 off, Sunday Jan 4 worked, counted across the year boundary', () => {
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2026-01-04')).toBe(true);
    expect(add('2025-12-31', 1)).toEqual({ date: '2026-01-04', calendarKnown: true });
  });

  it('Spring Festival: Feb 15–23 off, Saturdays Feb 14 and Feb 28 worked', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-16')).toBe(false);
    expect(cal.isWorkingDay('2026-02-23')).toBe(false);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(add('2026-02-13', 1).date).toBe('2026-02-14');
    expect(add('2026-02-13', 2).date).toBe('2026-02-24');
    expect(add('2026-02-23', 4).date).toBe('2026-02-27');
    expect(add('2026-02-23', 5).date).toBe('2026-02-28');
  });

  it('Mid-Autumn Sep 25–27 and National Day Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked', () => {
    expect(add('2026-09-18', 1).date).toBe('2026-09-20');
    expect(add('2026-09-24', 1).date).toBe('2026-09-28');
    expect(add('2026-09-30', 1).date).toBe('2026-10-08');
    expect(add('2026-09-30', 3).date).toBe('2026-10-10');
    expect(add('2026-09-30', 4).date).toBe('2026-10-12');
  });
});

describe('a year whose notice is not loaded', () => {
  it('counts weekends only there and says the calendar is not known', () => {
    // 2027-01-01 is a Friday: surely a holiday, but no notice says so yet.
    expect(add('2026-12-30', 3)).toEqual({ date: '2027-01-04', calendarKnown: false });
    expect(add('2027-03-01', 5)).toEqual({ date: '2027-03-08', calendarKnown: false });
  });

  it('is not consulted when the count stops before it', () => {
    expect(add('2026-12-30', 1)).toEqual({ date: '2026-12-31', calendarKnown: true });
    expect(add('2024-12-31', 1)).toEqual({ date: '2025-01-02', calendarKnown: true });
  });

  it('reports the range as unknown', () => {
    expect(cal.knowsRange('2025-01-01', '2026-12-31')).toBe(true);
    expect(cal.knowsRange('2026-12-31', '2027-01-01')).toBe(false);
    expect(cal.knowsRange('2024-12-31', '2025-06-01')).toBe(true);
  });
});

describe('workingDaysBetween', () => {
  it('counts the days after the start up to and including the end', () => {
    expect(cal.workingDaysBetween('2025-01-27', '2025-02-08')).toBe(4);
    expect(cal.workingDaysBetween('2025-01-27', '2025-01-27')).toBe(0);
    expect(cal.workingDaysBetween('2025-01-27', '2025-01-28')).toBe(0);
  });

  it('is 0 when the end is before the start', () => {
    expect(cal.workingDaysBetween('2025-02-08', '2025-01-27')).toBe(0);
  });
});

describe('dates', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(dayNumber('2024-02-29')).not.toBeNull();
    for (const bad of ['2025-02-29', '2026-02-30', '2025-13-01', '2025-1-05', 'abc', '', '1899-12-31'])
      expect(dayNumber(bad), bad).toBeNull();
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => add('2025-01-01', -1)).toThrow(RangeError);
    expect(() => add('2025-01-01', 1.5)).toThrow(RangeError);
  });

  it("takes today's date in Beijing time, whatever the server's zone", () => {
    expect(shanghaiDate(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(shanghaiDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
  });

  it('refuses a special day outside the loaded years', () => {
    expect(
      () => new WorkingCalendar([2025], [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }]),
    ).toThrow(RangeError);
  });
});

describe('properties', () => {
  // 2024 and 2027 are not loaded: the properties must hold across known and unknown years alike.
  const lo = dayNumber('2024-06-01')!;
  const hi = dayNumber('2027-06-30')!;
  const date = fc.integer({ min: lo, max: hi }).map(dateOfDayNumber);
  const count = fc.integer({ min: 0, max: 400 });

  it('adding a + b days is adding a, then b', () => {
    fc.assert(
      fc.property(date, count, count, (from, a, b) => {
        const once = add(from, a + b);
        const first = add(from, a);
        const then = add(first.date, b);
        expect(then.date).toBe(once.date);
        expect(first.calendarKnown && then.calendarKnown).toBe(once.calendarKnown);
      }),
    );
  });

  it('always ends on a working day after the start', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 400 }), (from, n) => {
        const r = add(from, n);
        expect(cal.isWorkingDay(r.date)).toBe(true);
        expect(r.date > from).toBe(true);
      }),
    );
  });

  it('counts back exactly the days added', () => {
    fc.assert(
      fc.property(date, count, (from, n) => {
        expect(cal.workingDaysBetween(from, add(from, n).date)).toBe(n);
      }),
    );
  });

  it('matches plain weekends when no year is loaded', () => {
    const bare = WorkingCalendar.weekendsOnly();
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 400 }), (from, n) => {
        expect(bare.addWorkingDays(from, n).calendarKnown).toBe(false);
        // Past the first working day, 5 more are always exactly one week.
        expect(bare.addWorkingDays(from, n + 5).date).toBe(
          dateOfDayNumber(dayNumber(bare.addWorkingDays(from, n).date)! + 7),
        );
      }),
    );
  });
});
