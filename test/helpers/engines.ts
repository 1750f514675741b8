import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';

export type Engine = 'pglite' | 'postgres';

/**
 * Integration tests run on every engine available: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set (scripts/test.mjs sets it when a server answers; CI requires it).
 */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

if (!process.env.TEST_DATABASE_URL && process.env.CI === 'true') {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites would be skipped');
}

/** A fresh database per test file: in-memory PGlite, or a new schema on the PostgreSQL server. */
export async function freshDatabase(
  engine: Engine,
): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const handle = await openDatabase({});
    return { handle, drop: () => handle.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = await openDatabase({ url, schema, maxConnections: 10 });
  return {
    handle,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
