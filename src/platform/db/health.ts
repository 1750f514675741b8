import { sql } from 'kysely';
import type { Db } from './database.js';
import { DatabaseUnavailableError } from './errors.js';

/** /healthz gives its verdict within this, even when the server neither answers nor hangs up. */
export const HEALTH_DEADLINE_MS = 3_000;

/**
 * Whether the database answers, migrated, within `deadlineMs`: resolves when it does, rejects with a
 * database fault (503 database_unavailable through db/errors.ts) when it does not. A server that stops
 * answering without closing its connections (a frozen host, a network partition) would otherwise keep
 * the probe waiting until the statement's client-side timeout.
 */
export async function assertDatabaseAnswers(db: Db, deadlineMs = HEALTH_DEADLINE_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`no answer within ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  const probe = sql`select name from schema_migrations limit 1`.execute(db);
  // The probe may still fail after the deadline has answered for it: nobody is waiting then.
  probe.catch(() => {});
  try {
    await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
