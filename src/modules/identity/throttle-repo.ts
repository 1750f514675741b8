import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

export type ThrottleScope = 'pair' | 'client' | 'account';

type ThrottleTables = {
  auth_throttle: {
    scope: ThrottleScope;
    subject: string;
    failures: number;
    window_started_at: Date;
    locked_until: Date | null;
    lock_count: number;
    updated_at: Date;
  };
};

const t = (db: DbOrTx) => db.withTables<ThrottleTables>();

export interface Counter {
  scope: ThrottleScope;
  subject: string;
}

/** The latest lock among the counters that is still running, if any. */
export async function lockedUntil(db: DbOrTx, counters: Counter[]): Promise<Date | null> {
  if (counters.length === 0) return null;
  const r = await t(db)
    .selectFrom('auth_throttle')
    .select(sql<Date | null>`max(locked_until)`.as('until'))
    .where((eb) =>
      eb.or(counters.map((c) => eb.and([eb('scope', '=', c.scope), eb('subject', '=', c.subject)]))),
    )
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return r?.until ? new Date(r.until) : null;
}

/**
 * Counts one failure in a fixed window (a failure after the window starts a new one); when the
 * count reaches `max`, locks for `lockSeconds(lockCount)` and starts over. One statement per step
 * under the row lock, so processes sharing the database count every failure exactly once.
 */
export async function countFailure(
  db: DbOrTx,
  c: Counter,
  rule: { max: number; windowSeconds: number; lockSeconds: (lockCount: number) => number },
): Promise<{ locked: boolean }> {
  const row = await t(db)
    .insertInto('auth_throttle')
    .values({
      scope: c.scope,
      subject: c.subject,
      failures: 1,
      window_started_at: sql`now()`,
      locked_until: null,
      lock_count: 0,
      updated_at: sql`now()`,
    })
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        failures: sql`case when auth_throttle.window_started_at < now() - make_interval(secs => ${rule.windowSeconds}) then 1 else auth_throttle.failures + 1 end`,
        window_started_at: sql`case when auth_throttle.window_started_at < now() - make_interval(secs => ${rule.windowSeconds}) then now() else auth_throttle.window_started_at end`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['failures', 'lock_count'])
    .executeTakeFirstOrThrow();
  if (row.failures < rule.max) return { locked: false };
  await t(db)
    .updateTable('auth_throttle')
    .set({
      failures: 0,
      window_started_at: sql`now()`,
      locked_until: sql`now() + make_interval(secs => ${rule.lockSeconds(row.lock_count)})`,
      lock_count: sql`lock_count + 1`,
    })
    .where('scope', '=', c.scope)
    .where('subject', '=', c.subject)
    .execute();
  return { locked: true };
}

export async function clear(db: DbOrTx, c: Counter): Promise<void> {
  await t(db)
    .deleteFrom('auth_throttle')
    .where('scope', '=', c.scope)
    .where('subject', '=', c.subject)
    .execute();
}

/** Every counter of one account: its global counter and each (account, client) pair. */
export async function clearAccount(db: DbOrTx, subject: string): Promise<number> {
  const r = await t(db)
    .deleteFrom('auth_throttle')
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'account'), eb('subject', '=', subject)]),
        eb.and([eb('scope', '=', 'pair'), eb('subject', 'like', `${subject}|%`)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Counters idle for longer than any window or lock: nothing left to remember. */
export async function purgeIdle(db: DbOrTx, olderThanHours: number): Promise<number> {
  const r = await t(db)
    .deleteFrom('auth_throttle')
    .where('updated_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Which of these accounts have a running lock on any of their counters (for the administrator's list). */
export async function lockedSubjects(db: DbOrTx, subjects: string[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const rows = await t(db)
    .selectFrom('auth_throttle')
    .select(sql<string>`split_part(subject, '|', 1)`.as('subject'))
    .where('scope', 'in', ['pair', 'account'])
    .where('locked_until', '>', sql<Date>`now()`)
    .where(sql<string>`split_part(subject, '|', 1)`, 'in', subjects)
    .execute();
  return new Set(rows.map((r) => r.subject));
}
