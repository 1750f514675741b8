import { type Generated, sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { DayKind, SpecialDay } from './working-calendar.js';

export type CalendarTables = {
  calendar_years: { year: number; source: string; loaded_at: Generated<Date>; loaded_by: string | null };
  calendar_days: { date: string; year: number; kind: DayKind; name: string };
};

const t = (db: DbOrTx) => db.withTables<CalendarTables>();

export interface YearRow {
  year: number;
  source: string;
  loadedAt: Date;
  loadedBy: string | null;
  holidays: number;
  workdays: number;
}

/** Changes whenever any year is loaded or replaced; cheap enough to ask every few seconds. */
export async function stamp(db: DbOrTx): Promise<string> {
  const r = await sql<{ stamp: string }>`
    select coalesce(string_agg(year::text || '@' || loaded_at::text, ',' order by year), '') as stamp
    from calendar_years`.execute(db);
  return r.rows[0]?.stamp ?? '';
}

export async function everything(db: DbOrTx): Promise<{ years: number[]; days: SpecialDay[] }> {
  const [years, days] = await Promise.all([
    t(db).selectFrom('calendar_years').select('year').orderBy('year').execute(),
    t(db).selectFrom('calendar_days').select(['date', 'kind', 'name']).orderBy('date').execute(),
  ]);
  return { years: years.map((y) => y.year), days };
}

export async function years(db: DbOrTx, only?: number): Promise<YearRow[]> {
  let q = t(db)
    .selectFrom('calendar_years as y')
    .leftJoin('calendar_days as d', 'd.year', 'y.year')
    .select([
      'y.year',
      'y.source',
      'y.loaded_at as loadedAt',
      'y.loaded_by as loadedBy',
      sql<number>`count(d.date) filter (where d.kind = 'holiday')`.as('holidays'),
      sql<number>`count(d.date) filter (where d.kind = 'workday')`.as('workdays'),
    ])
    .groupBy('y.year')
    .orderBy('y.year');
  if (only !== undefined) q = q.where('y.year', '=', only);
  return q.execute();
}

export async function daysOf(db: DbOrTx, year: number): Promise<SpecialDay[]> {
  return t(db)
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('year', '=', year)
    .orderBy('date')
    .execute();
}

/** Takes a year that is not loaded yet; false when it already is (another process may have just seeded it). */
export async function claimYear(tx: DbOrTx, year: number, source: string): Promise<boolean> {
  const r = await t(tx)
    .insertInto('calendar_years')
    .values({ year, source, loaded_by: null })
    .onConflict((oc) => oc.column('year').doNothing())
    .returning('year')
    .executeTakeFirst();
  return r !== undefined;
}

/** Locks the year's row if it exists, so two replacements of one year queue up. */
export async function lockYear(tx: DbOrTx, year: number): Promise<{ source: string } | undefined> {
  return t(tx)
    .selectFrom('calendar_years')
    .select('source')
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertYear(tx: DbOrTx, year: number, source: string, by: string | null): Promise<void> {
  await t(tx)
    .insertInto('calendar_years')
    .values({ year, source, loaded_by: by })
    .onConflict((oc) => oc.column('year').doUpdateSet({ source, loaded_by: by, loaded_at: sql<Date>`now()` }))
    .execute();
}

export async function replaceDays(tx: DbOrTx, year: number, days: SpecialDay[]): Promise<void> {
  await t(tx).deleteFrom('calendar_days').where('year', '=', year).execute();
  if (days.length === 0) return;
  await t(tx)
    .insertInto('calendar_days')
    .values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name })))
    .execute();
}
