import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { packagedNotices } from './packaged-notices.js';
import { parseYearNotice } from './year-notice.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'validation_failed') return (e.errors ?? []).map((x) => x.field);
    throw e;
  }
  throw new Error('expected validation_failed');
}

const ok = {
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-03', kind: 'holiday', name: '元旦' }, // a Sunday inside the block
    { date: '2027-02-20', kind: 'workday', name: '春节' }, // a Saturday worked
  ],
};

describe('a year notice typed in by an administrator', () => {
  it('is accepted as typed, sorted by date', () => {
    const n = parseYearNotice(2027, { ...ok, days: [...ok.days].reverse() });
    expect(n.days.map((d) => d.date)).toEqual(['2027-01-01', '2027-01-03', '2027-02-20']);
  });

  it('names a date outside the year by its position', () => {
    const days = [...ok.days, { date: '2028-01-01', kind: 'holiday', name: '元旦' }];
    expect(fieldsOf(() => parseYearNotice(2027, { ...ok, days }))).toEqual(['days[3].date']);
  });

  it('refuses a make-up workday on a weekday but takes a holiday on a Sunday', () => {
    const days = [...ok.days, { date: '2027-01-05', kind: 'workday', name: '元旦' }];
    expect(fieldsOf(() => parseYearNotice(2027, { ...ok, days }))).toEqual(['days[3].kind']);
  });

  it('lists every bad field at once', () => {
    const bad = {
      source: '',
      days: [
        { date: '2027-02-30', kind: 'holiday', name: '春节' },
        { date: '2027-01-01', kind: 'off', name: '' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
        'x',
      ],
    };
    expect(fieldsOf(() => parseYearNotice(2027, bad))).toEqual([
      'source',
      'days[0].date',
      'days[1].kind',
      'days[1].name',
      'days[3].date',
      'days[4]',
    ]);
  });

  it('refuses a notice without any holiday, which would make every day a working day', () => {
    expect(fieldsOf(() => parseYearNotice(2027, { source: 'x', days: [] }))).toEqual(['days']);
  });

  it('refuses a body that is not an object, and a year out of range', () => {
    expect(fieldsOf(() => parseYearNotice(2027, []))).toEqual(['body']);
    expect(fieldsOf(() => parseYearNotice(1800, ok))).toContain('year');
  });

  it('passes for every packaged notice', () => {
    for (const n of packagedNotices(2004)) expect(parseYearNotice(n.year, n)).toEqual(n);
  });
});
