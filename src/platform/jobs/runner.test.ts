import { describe, expect, it } from 'vitest';
import { weeklyAt } from './runner.js';

describe('weekly wall-clock schedule (Asia/Shanghai)', () => {
  const mondayAt8 = weeklyAt(1, '08:00');

  it('runs next Monday 08:00 Beijing time, which is Monday 00:00 UTC', () => {
    // Friday 2026-12-04 18:00 UTC is Saturday 02:00 in Beijing.
    expect(mondayAt8(new Date('2026-12-04T18:00:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('on Monday before 08:00 runs the same morning, at or after 08:00 the next week', () => {
    expect(mondayAt8(new Date('2026-12-06T23:59:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(mondayAt8(new Date('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-14T00:00:00.000Z');
  });

  it('counts the Beijing date, not the UTC date, near midnight', () => {
    // Sunday 2026-12-06 17:00 UTC is already Monday 01:00 in Beijing.
    expect(weeklyAt(1, '00:30')(new Date('2026-12-06T17:00:00Z')).toISOString()).toBe(
      '2026-12-13T16:30:00.000Z',
    );
  });
});
