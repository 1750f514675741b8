import { type ColumnType, type Generated, type Insertable, type Selectable, sql } from 'kysely';
import { columnsOf } from '../../platform/db/columns.js';
import type { DbOrTx } from '../../platform/db/database.js';

export type SharingTables = {
  provider_records: {
    resource_code: string;
    subject_key: string;
    data: ColumnType<Record<string, unknown>, string, string>;
    updated_at: Generated<Date>;
  };
  data_access_log: {
    id: Generated<number>;
    subject_account_id: string | null;
    subject_key: string | null;
    resource_code: string;
    resource_name: string;
    department_code: string;
    staff_id: string | null;
    purpose: string;
    case_id: string | null;
    case_no: string | null;
    at: Generated<Date>;
  };
};

export type AccessRow = Selectable<SharingTables['data_access_log']>;
export type NewAccess = Omit<Insertable<SharingTables['data_access_log']>, 'id' | 'at'>;

const t = (db: DbOrTx) => db.withTables<SharingTables>();

const ACCESS_COLUMNS = columnsOf<SharingTables['data_access_log']>()([
  'id',
  'subject_account_id',
  'subject_key',
  'resource_code',
  'resource_name',
  'department_code',
  'staff_id',
  'purpose',
  'case_id',
  'case_no',
  'at',
]);

/** Stores what a provider system holds; `replace: false` keeps a record already there (re-seeding). */
export async function putProviderRecord(
  tx: DbOrTx,
  r: { resourceCode: string; subjectKey: string; data: Record<string, unknown> },
  opts: { replace: boolean },
): Promise<void> {
  const data = JSON.stringify(r.data);
  await t(tx)
    .insertInto('provider_records')
    .values({ resource_code: r.resourceCode, subject_key: r.subjectKey, data })
    .onConflict((oc) => {
      const c = oc.columns(['resource_code', 'subject_key']);
      return opts.replace ? c.doUpdateSet({ data, updated_at: sql<Date>`now()` }) : c.doNothing();
    })
    .execute();
}

export async function providerRecordExists(db: DbOrTx, resourceCode: string, subjectKey: string) {
  const r = await t(db)
    .selectFrom('provider_records')
    .select('resource_code')
    .where('resource_code', '=', resourceCode)
    .where('subject_key', '=', subjectKey)
    .executeTakeFirst();
  return r !== undefined;
}

export async function providerRecord(db: DbOrTx, resourceCode: string, subjectKey: string) {
  return t(db)
    .selectFrom('provider_records')
    .select(['data', 'updated_at'])
    .where('resource_code', '=', resourceCode)
    .where('subject_key', '=', subjectKey)
    .executeTakeFirst();
}

export async function insertAccess(tx: DbOrTx, rows: NewAccess[]): Promise<AccessRow[]> {
  if (!rows.length) return [];
  return t(tx).insertInto('data_access_log').values(rows).returning(ACCESS_COLUMNS).execute();
}

export async function accessesAbout(
  db: DbOrTx,
  accountId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: AccessRow[] }> {
  const [count, rows] = await Promise.all([
    t(db)
      .selectFrom('data_access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject_account_id', '=', accountId)
      .executeTakeFirstOrThrow(),
    t(db)
      .selectFrom('data_access_log')
      .select(ACCESS_COLUMNS)
      .where('subject_account_id', '=', accountId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}
