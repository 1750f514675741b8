import { type Generated, sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

type RecoveryTables = {
  sms_codes: {
    id: string;
    account_id: string;
    purpose: 'reset' | 'claim' | 'unlock';
    code_hash: string;
    attempts: Generated<number>;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
  };
};

const t = (db: DbOrTx) => db.withTables<RecoveryTables>();

export async function insertSmsCode(
  db: DbOrTx,
  c: {
    id: string;
    accountId: string;
    purpose: 'reset' | 'claim' | 'unlock';
    codeHash: string;
    ttlSeconds: number;
  },
): Promise<void> {
  // A new code replaces any earlier one of the same purpose.
  await t(db)
    .updateTable('sms_codes')
    .set({ used_at: sql`now()` })
    .where('account_id', '=', c.accountId)
    .where('purpose', '=', c.purpose)
    .where('used_at', 'is', null)
    .execute();
  await t(db)
    .insertInto('sms_codes')
    .values({
      id: c.id,
      account_id: c.accountId,
      purpose: c.purpose,
      code_hash: c.codeHash,
      expires_at: sql`now() + make_interval(secs => ${c.ttlSeconds})`,
      used_at: null,
    })
    .execute();
}

/** Codes sent to the account lately (SMS bombing of one person is capped per account). */
export async function recentSmsCodes(db: DbOrTx, accountId: string, withinMinutes: number) {
  return t(db)
    .selectFrom('sms_codes')
    .select(['created_at'])
    .where('account_id', '=', accountId)
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${withinMinutes})`)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The live code of that purpose, locked for the attempt (one attempt at a time per code). */
export async function liveSmsCodeForUpdate(
  db: DbOrTx,
  accountId: string,
  purposes: string[],
  maxAttempts: number,
) {
  return t(db)
    .selectFrom('sms_codes')
    .select(['id', 'purpose', 'code_hash', 'attempts'])
    .where('account_id', '=', accountId)
    .where('purpose', 'in', purposes as ('reset' | 'claim' | 'unlock')[])
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('attempts', '<', maxAttempts)
    .orderBy('created_at', 'desc')
    .forUpdate()
    .executeTakeFirst();
}

export async function countSmsAttempt(db: DbOrTx, id: string): Promise<void> {
  await t(db).updateTable('sms_codes').set({ attempts: sql`attempts + 1` }).where('id', '=', id).execute();
}

export async function spendSmsCode(db: DbOrTx, id: string): Promise<boolean> {
  const r = await t(db)
    .updateTable('sms_codes')
    .set({ used_at: sql`now()` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Codes a day past their expiry: nothing left to check them against. */
export async function purgeSmsCodes(db: DbOrTx): Promise<number> {
  const r = await t(db)
    .deleteFrom('sms_codes')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
