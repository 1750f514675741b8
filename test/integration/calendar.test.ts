import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarService } from '../../src/platform/calendar/calendar-service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { provinceAdminLogin } from '../helpers/staff.js';

const NOTICE_2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'holiday', name: '元旦' },
    { date: '2027-01-03', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'workday', name: '春节' },
  ],
};

describe.each(ENGINES)('working-day calendar on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let clerk: string;
  const addDays = async (from: string, days: number | string) => {
    const r = await t.call('GET', `/api/calendar/add-working-days?from=${from}&days=${days}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const calendarEvents = () =>
    t.app.database.db
      .selectFrom('events')
      .select(['aggregate_id', 'type', 'actor_id', 'payload'])
      .where('aggregate_type', '=', 'calendar_year')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await startTestApp(engine);
    admin = await provinceAdminLogin(t);
    clerk = await t.login('demo-clerk');
  });
  afterAll(() => t.close());

  it('seeds 2025 and 2026 from the packaged notices at start-up, each with its event', async () => {
    const r = await t.call('GET', '/api/calendar/years');
    expect(r.statusCode).toBe(200);
    const years = r.json().items;
    expect(years.map((y: { year: number }) => y.year)).toEqual(expect.arrayContaining([2025, 2026]));
    expect(years.find((y: { year: number }) => y.year === 2025)).toMatchObject({ holidays: 28, workdays: 5 });
    const events = await calendarEvents();
    expect(events.filter((e) => e.aggregate_id === '2025')).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'calendar.year_loaded', actor_id: null });
  });

  it('seeds nothing twice', async () => {
    const before = (await calendarEvents()).length;
    expect(await t.app.calendar.ensureSeeded()).toEqual({ seeded: [] });
    expect(await calendarEvents()).toHaveLength(before);
  });

  it('answers the contract: N working days after `from`, holidays out, make-up workdays in', async () => {
    expect(await addDays('2025-01-27', 1)).toEqual({ date: '2025-02-05', calendarKnown: true });
    expect(await addDays('2025-01-24', 1)).toEqual({ date: '2025-01-26', calendarKnown: true });
    expect(await addDays('2025-09-30', 3)).toEqual({ date: '2025-10-11', calendarKnown: true });
    expect(await addDays('2025-09-15', 20)).toEqual({ date: '2025-10-17', calendarKnown: true });
    expect(await addDays('2026-02-13', 2)).toEqual({ date: '2026-02-24', calendarKnown: true });
    expect(await addDays('2025-10-03', 0)).toEqual({ date: '2025-10-03', calendarKnown: true });
  });

  it('flags a range reaching a year whose notice is not loaded, counting weekends only there', async () => {
    expect(await addDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', calendarKnown: false });
  });

  it('refuses bad input with 400 naming the field, every field at once', async () => {
    const cases: [string, string[]][] = [
      ['from=2026-02-30&days=1', ['from']],
      ['from=abc&days=1', ['from']],
      ['days=1', ['from']],
      ['from=2025-01-01&days=-1', ['days']],
      ['from=2025-01-01&days=1.5', ['days']],
      ['from=2025-01-01&days=3651', ['days']],
      ['from=2025-01-01&days=', ['days']],
      ['from=2025-01-01', ['days']],
      ['from=2025-13-01&days=x', ['from', 'days']],
    ];
    for (const [query, fields] of cases) {
      const r = await t.call('GET', `/api/calendar/add-working-days?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().code).toBe('validation_failed');
      expect(fieldsOf(r.json()).sort(), query).toEqual([...fields].sort());
    }
    expect((await addDays('2025-01-01', 3650)).calendarKnown).toBe(false);
  });

  it('lists the special days of a loaded year, 404 for a year not loaded', async () => {
    const r = await t.call('GET', '/api/calendar/days?year=2025');
    expect(r.statusCode).toBe(200);
    expect(r.json().days).toEqual(
      expect.arrayContaining([
        { date: '2025-01-26', kind: 'workday', name: '春节' },
        { date: '2025-10-06', kind: 'holiday', name: '中秋' },
      ]),
    );
    expect((await t.call('GET', '/api/calendar/days?year=2031')).statusCode).toBe(404);
    const bad = await t.call('GET', '/api/calendar/days?year=abc');
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.json())).toEqual(['year']);
  });

  it('lets an administrator load the next year, which then counts its holidays', async () => {
    const r = await t.call('PUT', '/api/admin/calendar/years/2027', { token: admin, body: NOTICE_2027 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ year: 2027, source: NOTICE_2027.source, holidays: 3, workdays: 1 });
    expect(await addDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', calendarKnown: true });
    expect(await addDays('2027-02-05', 1)).toEqual({ date: '2027-02-06', calendarKnown: true });
    const events = await calendarEvents();
    expect(events.at(-1)).toMatchObject({
      aggregate_id: '2027',
      type: 'calendar.year_loaded',
      payload: { via: 'admin', replaced: false, holidays: 3, workdays: 1 },
    });
  });

  it('replaces a year as a whole, and a round trip of its days restores it', async () => {
    const original = (await t.call('GET', '/api/calendar/days?year=2025')).json();
    // As if the notice had moved National Day a week later.
    const moved = {
      source: '更正测试',
      days: ['2025-10-13', '2025-10-14'].map((date) => ({ date, kind: 'holiday', name: '国庆节' })),
    };
    const r = await t.call('PUT', '/api/admin/calendar/years/2025', { token: admin, body: moved });
    expect(r.statusCode, r.body).toBe(200);
    expect(await addDays('2025-09-30', 1)).toEqual({ date: '2025-10-01', calendarKnown: true });
    expect(await addDays('2025-10-10', 1)).toEqual({ date: '2025-10-15', calendarKnown: true });
    expect((await calendarEvents()).at(-1)?.payload).toMatchObject({
      replaced: true,
      previousSource: original.source,
    });

    const back = await t.call('PUT', '/api/admin/calendar/years/2025', {
      token: admin,
      body: { source: original.source, days: original.days },
    });
    expect(back.statusCode).toBe(200);
    expect(await addDays('2025-09-30', 1)).toEqual({ date: '2025-10-09', calendarKnown: true });
  });

  it('refuses a notice with a date outside the year or a workday on a weekday, changing nothing', async () => {
    const before = (await calendarEvents()).length;
    const outside = {
      ...NOTICE_2027,
      days: [...NOTICE_2027.days, { date: '2028-01-01', kind: 'holiday', name: '元旦' }],
    };
    const r1 = await t.call('PUT', '/api/admin/calendar/years/2027', { token: admin, body: outside });
    expect(r1.statusCode).toBe(400);
    expect(r1.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'days[4].date' }] });

    const tuesday = {
      ...NOTICE_2027,
      days: [...NOTICE_2027.days, { date: '2027-01-05', kind: 'workday', name: '元旦' }],
    };
    const r2 = await t.call('PUT', '/api/admin/calendar/years/2027', { token: admin, body: tuesday });
    expect(r2.statusCode).toBe(400);
    expect(fieldsOf(r2.json())).toEqual(['days[4].kind']);

    const r3 = await t.call('PUT', '/api/admin/calendar/years/1700', { token: admin, body: NOTICE_2027 });
    expect(r3.statusCode).toBe(400);
    expect(fieldsOf(r3.json())).toEqual(['year']);

    const r4 = await t.call('PUT', '/api/admin/calendar/years/2027', { token: admin, body: { days: 'x' } });
    expect(r4.statusCode).toBe(400);
    expect(fieldsOf(r4.json())).toEqual(['source', 'days']);

    expect(await calendarEvents()).toHaveLength(before);
    expect(await addDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', calendarKnown: true });
  });

  it('keeps the calendar to province-level administrators', async () => {
    const anon = await t.call('PUT', '/api/admin/calendar/years/2027', { body: NOTICE_2027 });
    expect(anon.statusCode).toBe(401);
    const asClerk = await t.call('PUT', '/api/admin/calendar/years/2027', {
      token: clerk,
      body: NOTICE_2027,
    });
    expect(asClerk.statusCode).toBe(403);
    const asPerson = await t.call('PUT', '/api/admin/calendar/years/2027', {
      token: await t.login('demo-person'),
      body: NOTICE_2027,
    });
    expect(asPerson.statusCode).toBe(403);
    // A city administrator manages its own staff, not the province's holiday calendar.
    const asCityAdmin = await t.call('PUT', '/api/admin/calendar/years/2027', {
      token: await t.login('demo-admin'),
      body: NOTICE_2027,
    });
    expect(asCityAdmin.statusCode).toBe(403);
  });

  it('shows a change made by another process after its stamp check', async () => {
    const other = createCalendarService(t.app.database.db, { stampCheckMs: 0 });
    await other.sync();
    expect(other.addWorkingDays('2027-12-30', 1)).toEqual({ date: '2027-12-31', calendarKnown: true });
    expect(other.addWorkingDays('2027-12-30', 2).calendarKnown).toBe(false);

    const notice2028 = { source: '2028 测试', days: [{ date: '2028-01-03', kind: 'holiday', name: '元旦' }] };
    await t.call('PUT', '/api/admin/calendar/years/2028', { token: admin, body: notice2028 });
    expect(await other.sync()).toBe(true);
    expect(other.addWorkingDays('2027-12-30', 2)).toEqual({ date: '2028-01-04', calendarKnown: true });
    expect(await other.sync()).toBe(false);
  });

  it('publishes the calendar in the OpenAPI document', async () => {
    const paths = (await t.call('GET', '/docs/json')).json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/calendar/add-working-days', '/api/admin/calendar/years/{year}']),
    );
    const body = paths['/api/admin/calendar/years/{year}'].put.requestBody.content['application/json'].schema;
    expect(body.properties.days.items.properties.kind.enum).toEqual(['holiday', 'workday']);
  });
});
