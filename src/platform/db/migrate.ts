import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from './database.js';
import { acquireAdvisoryLock, releaseAdvisoryLock } from './locks.js';

export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

/**
 * Applies numbered plain-SQL files in order, each in its own transaction, recording them in
 * schema_migrations so a rerun is a no-op. An advisory lock keeps two starting processes from racing;
 * its key names the database and schema, so migrations of other schemas (each test file has one) run
 * side by side.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f))
    .sort();
  return db.connection().execute(async (conn) => {
    await acquireAdvisoryLock(conn, 'migrate');
    try {
      // Only when missing: the production application role may not create tables (docs/audit.md).
      const known = await sql<{
        t: string | null;
      }>`select to_regclass('schema_migrations')::text as t`.execute(conn);
      if (!known.rows[0]?.t)
        await sql`create table if not exists schema_migrations (
          name text primary key,
          applied_at timestamptz not null default now()
        )`.execute(conn);
      const done = new Set(
        (await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map(
          (r) => r.name,
        ),
      );
      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file)) continue;
        const text = readFileSync(join(dir, file), 'utf8');
        await conn.transaction().execute(async (tx) => {
          await sql.raw(text).execute(tx);
          await sql`insert into schema_migrations (name) values (${file})`.execute(tx);
        });
        applied.push(file);
      }
      return { applied, skipped: files.length - applied.length };
    } finally {
      await releaseAdvisoryLock(conn, 'migrate');
    }
  });
}
