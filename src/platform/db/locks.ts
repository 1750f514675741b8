import { type Kysely, sql } from 'kysely';
import type { DatabaseHandle } from './database.js';

/**
 * The advisory-lock key for `name` in this database and schema: processes on one schema serialize,
 * while tests (each file its own schema) and other databases on the server do not wait on each other.
 */
export const lockKey = (name: string) =>
  sql<string>`hashtextextended(${`tongban:${name}:`} || current_database() || ':' || coalesce(current_schema(), current_setting('search_path')), 0)`;

/** How long a process waits for another one's start-up work (migrations, demo seeding) to finish. */
const DEFAULT_WAIT_MS = 10 * 60_000;

/**
 * Takes the session-level advisory lock `name` on `conn`, polling with pg_try_advisory_lock: a
 * blocking pg_advisory_lock would run into lock_timeout and statement_timeout, which are short on
 * purpose, while the work being waited for (importing the demo catalog) may take longer.
 */
export async function acquireAdvisoryLock<DB>(
  conn: Kysely<DB>,
  name: string,
  waitMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const until = Date.now() + waitMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${lockKey(name)}) as ok`.execute(
      conn,
    );
    if (rows[0]?.ok) return;
    if (Date.now() > until) throw new Error(`advisory lock ${name} not free after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export async function releaseAdvisoryLock<DB>(conn: Kysely<DB>, name: string): Promise<void> {
  await sql`select pg_advisory_unlock(${lockKey(name)})`.execute(conn);
}

/**
 * Runs `fn` while holding `name` across every process on this database and schema. The lock sits on
 * a connection of its own while `fn` works through the pool; a process that dies mid-way loses the
 * connection and so the lock. PGlite is one process's private database: there `fn` just runs (holding
 * its only connection would leave `fn` none).
 */
export async function withAdvisoryLock<T>(
  database: Pick<DatabaseHandle, 'db' | 'engine'>,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (database.engine === 'pglite') return fn();
  return database.db.connection().execute(async (conn) => {
    await acquireAdvisoryLock(conn, name);
    try {
      return await fn();
    } finally {
      await releaseAdvisoryLock(conn, name).catch(() => {
        // The connection is gone (and the lock with it); the connection is not reused broken.
      });
    }
  });
}
