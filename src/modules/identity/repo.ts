import { type Generated, sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

export type IdentityTables = {
  accounts: {
    id: string;
    kind: 'person' | 'enterprise' | 'staff';
    username: string;
    name: string;
    id_number: string | null;
    uscc: string | null;
    phone: string | null;
    legal_rep_name: string | null;
    legal_rep_id_number: string | null;
    password_hash: string;
    roles: string[];
    region_code: string | null;
    department_code: string | null;
    active: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    created_at: Generated<Date>;
    password_changed_at: Generated<Date>;
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

export interface AccountRow {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  username: string;
  name: string;
  id_number: string | null;
  uscc: string | null;
  phone: string | null;
  legal_rep_name: string | null;
  legal_rep_id_number: string | null;
  password_hash: string;
  roles: string[];
  region_code: string | null;
  department_code: string | null;
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
}

export type NewAccount = Omit<AccountRow, 'failed_logins' | 'locked_until' | 'created_at' | 'active'>;

export async function findAccountByLogin(db: DbOrTx, login: string): Promise<AccountRow | undefined> {
  const upper = login.toUpperCase();
  return t(db)
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('username', '=', login),
        eb('id_number', '=', upper),
        eb('uscc', '=', upper),
        eb('phone', '=', login),
      ]),
    )
    .orderBy(sql`username = ${login}`, 'desc')
    .executeTakeFirst();
}

export async function findAccountById(db: DbOrTx, id: string): Promise<AccountRow | undefined> {
  return t(db).selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which of the identifying numbers already belong to an account. */
export async function findTaken(
  db: DbOrTx,
  keys: { idNumber?: string; uscc?: string; phone?: string; username?: string },
): Promise<{ id_number: string | null; uscc: string | null; phone: string | null; username: string }[]> {
  return t(db)
    .selectFrom('accounts')
    .select(['id_number', 'uscc', 'phone', 'username'])
    .where((eb) => {
      const ors = [];
      if (keys.idNumber) ors.push(eb('id_number', '=', keys.idNumber));
      if (keys.uscc) ors.push(eb('uscc', '=', keys.uscc));
      if (keys.phone) ors.push(eb('phone', '=', keys.phone));
      if (keys.username) ors.push(eb('username', '=', keys.username));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .execute();
}

export async function insertAccount(db: DbOrTx, a: NewAccount): Promise<void> {
  await t(db).insertInto('accounts').values(a).execute();
}

export async function recordFailedLogin(db: DbOrTx, id: string, maxFailures: number, lockMinutes: number) {
  return t(db)
    .updateTable('accounts')
    .set({
      failed_logins: sql`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
      locked_until: sql`case when failed_logins + 1 >= ${maxFailures} then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function clearFailedLogins(db: DbOrTx, id: string): Promise<void> {
  await t(db)
    .updateTable('accounts')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
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
    .selectAll('a')
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

export async function listStaff(db: DbOrTx, regionCodes: string[]): Promise<AccountRow[]> {
  if (regionCodes.length === 0) return [];
  return t(db)
    .selectFrom('accounts')
    .selectAll()
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

export async function findApplicantByNumber(db: DbOrTx, number: string): Promise<AccountRow | undefined> {
  const upper = number.toUpperCase();
  return t(db)
    .selectFrom('accounts')
    .selectAll()
    .where('kind', 'in', ['person', 'enterprise'])
    .where((eb) => eb.or([eb('id_number', '=', upper), eb('uscc', '=', upper)]))
    .executeTakeFirst();
}
