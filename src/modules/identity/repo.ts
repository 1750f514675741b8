import { type Generated, sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

export type IdentityTables = {
  accounts: {
    id: string;
    kind: 'person' | 'enterprise' | 'staff';
    username: string;
    name: string;
    /** Plaintext columns of before migration 012: sealed at start-up, then null. */
    id_number: string | null;
    phone: string | null;
    legal_rep_id_number: string | null;
    uscc: string | null;
    legal_rep_name: string | null;
    id_number_enc: string | null;
    id_number_bidx: string | null;
    phone_enc: string | null;
    phone_bidx: string | null;
    legal_rep_id_number_enc: string | null;
    password_hash: string;
    roles: string[];
    region_code: string | null;
    department_code: string | null;
    active: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    created_at: Generated<Date>;
    password_changed_at: Generated<Date>;
    otp_secret_enc: string | null;
    otp_last_step: number | null;
    demo: Generated<boolean>;
  };
  sessions: {
    token_hash: string;
    account_id: string;
    created_at: Generated<Date>;
    expires_at: Date;
    last_seen_at: Generated<Date>;
    revoked_at: Date | null;
    ip: string | null;
    user_agent: string | null;
  };
};

const t = (db: DbOrTx) => db.withTables<IdentityTables>();

/** An account row as stored: personal numbers only sealed (see pii-crypto.ts). */
export interface AccountRow {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  username: string;
  name: string;
  uscc: string | null;
  legal_rep_name: string | null;
  id_number_enc: string | null;
  id_number_bidx: string | null;
  phone_enc: string | null;
  phone_bidx: string | null;
  legal_rep_id_number_enc: string | null;
  password_hash: string;
  roles: string[];
  region_code: string | null;
  department_code: string | null;
  active: boolean;
  created_at: Date;
  otp_secret_enc: string | null;
  otp_last_step: number | null;
  demo: boolean;
}

export type NewAccountRow = Omit<AccountRow, 'active' | 'created_at' | 'otp_last_step'>;

const ACCOUNT_COLUMNS = [
  'id',
  'kind',
  'username',
  'name',
  'uscc',
  'legal_rep_name',
  'id_number_enc',
  'id_number_bidx',
  'phone_enc',
  'phone_bidx',
  'legal_rep_id_number_enc',
  'password_hash',
  'roles',
  'region_code',
  'department_code',
  'active',
  'created_at',
  'otp_secret_enc',
  'otp_last_step',
  'demo',
] as const;

/** Login keys: the name as typed, and the blind indexes it would have as an ID number or a phone. */
export interface LoginKeys {
  username: string;
  uscc: string;
  idNumberBidx: string;
  phoneBidx: string;
}

export async function findAccountByLogin(db: DbOrTx, k: LoginKeys): Promise<AccountRow | undefined> {
  return t(db)
    .selectFrom('accounts')
    .select(ACCOUNT_COLUMNS)
    .where((eb) =>
      eb.or([
        eb('username', '=', k.username),
        eb('id_number_bidx', '=', k.idNumberBidx),
        eb('uscc', '=', k.uscc),
        eb('phone_bidx', '=', k.phoneBidx),
      ]),
    )
    .orderBy(sql`username = ${k.username}`, 'desc')
    .executeTakeFirst();
}

export async function findAccountById(db: DbOrTx, id: string): Promise<AccountRow | undefined> {
  return t(db).selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Which of the identifying keys already belong to an account. */
export async function findTaken(
  db: DbOrTx,
  keys: { idNumberBidx?: string; uscc?: string; phoneBidx?: string; username?: string },
): Promise<
  { id_number_bidx: string | null; uscc: string | null; phone_bidx: string | null; username: string }[]
> {
  return t(db)
    .selectFrom('accounts')
    .select(['id_number_bidx', 'uscc', 'phone_bidx', 'username'])
    .where((eb) => {
      const ors = [];
      if (keys.idNumberBidx) ors.push(eb('id_number_bidx', '=', keys.idNumberBidx));
      if (keys.uscc) ors.push(eb('uscc', '=', keys.uscc));
      if (keys.phoneBidx) ors.push(eb('phone_bidx', '=', keys.phoneBidx));
      if (keys.username) ors.push(eb('username', '=', keys.username));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .execute();
}

export async function insertAccount(db: DbOrTx, a: NewAccountRow): Promise<void> {
  await t(db).insertInto('accounts').values(a).execute();
}

export async function setPassword(db: DbOrTx, id: string, passwordHash: string): Promise<void> {
  await t(db)
    .updateTable('accounts')
    .set({ password_hash: passwordHash, password_changed_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setRolesAndActive(
  db: DbOrTx,
  id: string,
  change: { roles?: string[]; active?: boolean },
): Promise<void> {
  await t(db).updateTable('accounts').set(change).where('id', '=', id).execute();
}

export async function setOtpSecret(db: DbOrTx, id: string, sealed: string): Promise<void> {
  await t(db)
    .updateTable('accounts')
    .set({ otp_secret_enc: sealed, otp_last_step: null })
    .where('id', '=', id)
    .execute();
}

/** Takes a TOTP time step for the account unless it (or a later one) was used: a code works once. */
export async function claimOtpStep(db: DbOrTx, id: string, step: number): Promise<boolean> {
  const r = await t(db)
    .updateTable('accounts')
    .set({ otp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('otp_last_step', 'is', null), eb('otp_last_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertSession(
  db: DbOrTx,
  s: { tokenHash: string; accountId: string; ttlHours: number; ip: string | null; userAgent: string | null },
): Promise<Date> {
  const row = await t(db)
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      account_id: s.accountId,
      expires_at: sql`now() + make_interval(hours => ${s.ttlHours})`,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return row.expires_at as Date;
}

/** A live session: not revoked, not expired, and used within the idle limit. */
export async function findLiveSession(db: DbOrTx, tokenHash: string, idleMinutes: number) {
  return t(db)
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(ACCOUNT_COLUMNS.map((c) => `a.${c}` as const))
    .select(['s.token_hash', sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('needs_touch')])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('a.active', '=', true)
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await t(db)
    .updateTable('sessions')
    .set({ last_seen_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function revokeSession(db: DbOrTx, tokenHash: string): Promise<string | undefined> {
  const row = await t(db)
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}

/** Ends every live session of an account (password reset, unlock, role change). */
export async function revokeAllSessions(
  db: DbOrTx,
  accountId: string,
  keepTokenHash?: string,
): Promise<number> {
  let q = t(db)
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  const rows = await q.returning('token_hash').execute();
  return rows.length;
}

export async function listStaff(db: DbOrTx, regionCodes: string[]): Promise<AccountRow[]> {
  if (regionCodes.length === 0) return [];
  return t(db)
    .selectFrom('accounts')
    .select(ACCOUNT_COLUMNS)
    .where('kind', '=', 'staff')
    .where('region_code', 'in', regionCodes)
    .orderBy('region_code')
    .orderBy('username')
    .execute();
}

export async function countAccounts(db: DbOrTx): Promise<number> {
  const r = await t(db)
    .selectFrom('accounts')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function namesOf(db: DbOrTx, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return t(db).selectFrom('accounts').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function findApplicantByNumber(
  db: DbOrTx,
  k: { idNumberBidx: string; uscc: string },
): Promise<AccountRow | undefined> {
  return t(db)
    .selectFrom('accounts')
    .select(ACCOUNT_COLUMNS)
    .where('kind', 'in', ['person', 'enterprise'])
    .where((eb) => eb.or([eb('id_number_bidx', '=', k.idNumberBidx), eb('uscc', '=', k.uscc)]))
    .executeTakeFirst();
}

// ——— Sealing the plaintext of before migration 012 ———

export async function anySealed(db: DbOrTx): Promise<boolean> {
  const r = await t(db)
    .selectFrom('accounts')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('id_number_enc', 'is not', null),
        eb('phone_enc', 'is not', null),
        eb('legal_rep_id_number_enc', 'is not', null),
        eb('otp_secret_enc', 'is not', null),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function plaintextRows(db: DbOrTx, limit: number) {
  return t(db)
    .selectFrom('accounts')
    .select(['id', 'kind', 'username', 'id_number', 'phone', 'legal_rep_id_number'])
    .where((eb) =>
      eb.or([
        eb('id_number', 'is not', null),
        eb('phone', 'is not', null),
        eb('legal_rep_id_number', 'is not', null),
      ]),
    )
    .limit(limit)
    .execute();
}

export async function sealRow(
  db: DbOrTx,
  id: string,
  v: {
    username?: string;
    id_number_enc: string | null;
    id_number_bidx: string | null;
    phone_enc: string | null;
    phone_bidx: string | null;
    legal_rep_id_number_enc: string | null;
  },
): Promise<void> {
  await t(db)
    .updateTable('accounts')
    .set({ ...v, id_number: null, phone: null, legal_rep_id_number: null })
    .where('id', '=', id)
    .execute();
}
