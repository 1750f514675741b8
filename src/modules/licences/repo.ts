import { type Generated, type Selectable, sql } from 'kysely';
import { columnsOf } from '../../platform/db/columns.js';
import type { DbOrTx } from '../../platform/db/database.js';

export type LicenceTables = {
  licences: {
    id: string;
    identifier: string;
    type_code: string;
    name: string;
    holder_account_id: string;
    holder_kind: 'person' | 'enterprise';
    holder_name: string;
    holder_number: string | null;
    issuer_department_code: string;
    issuer_name: string;
    case_id: string | null;
    case_no: string | null;
    serial: number;
    version: number;
    licence_no: string;
    data: Record<string, string>;
    issued_at: Date;
    valid_from: string;
    valid_until: string | null;
    status: 'valid' | 'revoked';
    revoked_at: Date | null;
    revoked_by: string | null;
    revoke_reason: string | null;
    key_id: string;
    digest: string;
    signature: string;
    token: string;
    supersedes: string | null;
    superseded_by: string | null;
    created_at: Generated<Date>;
  };
  licence_signing_keys: {
    key_id: string;
    department_code: string;
    public_key: string;
    created_at: Date;
  };
  licence_serials: {
    type_code: string;
    issuer_department_code: string;
    last_serial: number;
  };
};

export type LicenceRow = Selectable<LicenceTables['licences']>;
export type NewLicence = Omit<LicenceRow, 'created_at'>;

const t = (db: DbOrTx) => db.withTables<LicenceTables>();

const LICENCE_COLUMNS = columnsOf<LicenceTables['licences']>()([
  'id',
  'identifier',
  'type_code',
  'name',
  'holder_account_id',
  'holder_kind',
  'holder_name',
  'holder_number',
  'issuer_department_code',
  'issuer_name',
  'case_id',
  'case_no',
  'serial',
  'version',
  'licence_no',
  'data',
  'issued_at',
  'valid_from',
  'valid_until',
  'status',
  'revoked_at',
  'revoked_by',
  'revoke_reason',
  'key_id',
  'digest',
  'signature',
  'token',
  'supersedes',
  'superseded_by',
  'created_at',
]);
const SIGNING_KEY_COLUMNS = columnsOf<LicenceTables['licence_signing_keys']>()([
  'key_id',
  'department_code',
  'public_key',
  'created_at',
]);

export async function insertLicence(db: DbOrTx, row: NewLicence): Promise<void> {
  await t(db)
    .insertInto('licences')
    .values({ ...row, data: JSON.stringify(row.data) as unknown as Record<string, string> })
    .execute();
}

export async function findLicence(db: DbOrTx, id: string): Promise<LicenceRow | undefined> {
  return t(db).selectFrom('licences').select(LICENCE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function lockLicence(db: DbOrTx, id: string): Promise<LicenceRow | undefined> {
  return t(db)
    .selectFrom('licences')
    .select(LICENCE_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findByIdentifier(db: DbOrTx, identifier: string): Promise<LicenceRow | undefined> {
  return t(db)
    .selectFrom('licences')
    .select(LICENCE_COLUMNS)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
}

export interface LicenceFilter {
  holderId?: string;
  issuer?: string;
  typeCode?: string;
  status?: 'valid' | 'revoked';
  /** Only the current version of each licence (not those superseded by a re-issue). */
  currentOnly?: boolean;
  limit: number;
  offset: number;
}

export async function listLicences(
  db: DbOrTx,
  f: LicenceFilter,
): Promise<{ total: number; rows: LicenceRow[] }> {
  let q = t(db).selectFrom('licences');
  if (f.holderId) q = q.where('holder_account_id', '=', f.holderId);
  if (f.issuer) q = q.where('issuer_department_code', '=', f.issuer);
  if (f.typeCode) q = q.where('type_code', '=', f.typeCode);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.currentOnly) q = q.where('superseded_by', 'is', null);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(LICENCE_COLUMNS)
      .orderBy('issued_at', 'desc')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

/** Whether the account holds a licence of the type that is in force on `today`. */
export async function holdsValid(db: DbOrTx, accountId: string, typeCode: string, today: string) {
  const r = await t(db)
    .selectFrom('licences')
    .select('id')
    .where('holder_account_id', '=', accountId)
    .where('type_code', '=', typeCode)
    .where('status', '=', 'valid')
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function revoke(
  db: DbOrTx,
  id: string,
  patch: { revoked_by: string | null; revoke_reason: string; superseded_by?: string },
): Promise<void> {
  await t(db)
    .updateTable('licences')
    .set({ status: 'revoked', revoked_at: sql<Date>`now()`, ...patch })
    .where('id', '=', id)
    .execute();
}

/** Next serial for (type, issuer), taken under the counter row's lock until the transaction ends. */
export async function nextSerial(db: DbOrTx, typeCode: string, issuer: string): Promise<number> {
  const r = await t(db)
    .insertInto('licence_serials')
    .values({ type_code: typeCode, issuer_department_code: issuer, last_serial: 1 })
    .onConflict((oc) =>
      oc.columns(['type_code', 'issuer_department_code']).doUpdateSet({
        last_serial: sql<number>`licence_serials.last_serial + 1`,
      }),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return r.last_serial;
}

export async function ensureKey(
  db: DbOrTx,
  k: { kid: string; departmentCode: string; publicKey: string; createdAt: string },
): Promise<void> {
  await t(db)
    .insertInto('licence_signing_keys')
    .values({
      key_id: k.kid,
      department_code: k.departmentCode,
      public_key: k.publicKey,
      created_at: new Date(k.createdAt),
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

export async function signingKeys(db: DbOrTx) {
  return t(db).selectFrom('licence_signing_keys').select(SIGNING_KEY_COLUMNS).orderBy('created_at').execute();
}

/** The holder as identity gives it (identity's accounts table is its own; see LicenceServiceDeps.holders). */
export interface Holder {
  id: string;
  kind: string;
  name: string;
  id_number: string | null;
  uscc: string | null;
  legal_rep_name: string | null;
}
