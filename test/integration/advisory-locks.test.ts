import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { lockKey, withAdvisoryLock } from '../../src/platform/db/locks.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';
import { postgresSuitesEnabled } from '../helpers/pg-cluster.js';

// Advisory locks exist only between PostgreSQL sessions; on PGlite withAdvisoryLock just runs.
const enabled =
  postgresSuitesEnabled('advisory locks (advisory-locks.test.ts)') && ENGINES.includes('postgres');
const engine = 'postgres' as const;

describe.skipIf(!enabled)('advisory locks on PostgreSQL', () => {
  let a: Awaited<ReturnType<typeof freshDatabase>>;
  let b: Awaited<ReturnType<typeof freshDatabase>>;
  let twin: DatabaseHandle;
  beforeAll(async () => {
    a = await freshDatabase(engine);
    b = await freshDatabase(engine);
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(a.handle.db);
    // A second process on the first schema.
    twin = await openDatabase({ url: process.env.TEST_DATABASE_URL!, schema: rows[0]!.s, maxConnections: 4 });
  });
  afterAll(async () => {
    await twin.close();
    await a.drop();
    await b.drop();
  });

  const tryLock = (h: DatabaseHandle, name: string) =>
    sql<{
      ok: boolean;
    }>`select pg_try_advisory_lock(${lockKey(name)}) as ok, pg_advisory_unlock(${lockKey(name)})`
      .execute(h.db)
      .then((r) => r.rows[0]!.ok);

  it('makes a second process on the same schema wait, and a process on another schema not', async () => {
    const seen = await withAdvisoryLock(a.handle, 'migrate', async () => ({
      sameSchema: await tryLock(twin, 'migrate'),
      otherSchema: await tryLock(b.handle, 'migrate'),
      otherName: await tryLock(twin, 'demo-seed'),
    }));
    expect(seen).toEqual({ sameSchema: false, otherSchema: true, otherName: true });
    // Released afterwards.
    expect(await tryLock(twin, 'migrate')).toBe(true);
  });

  it('runs the holders of one lock one after another', async () => {
    const order: string[] = [];
    const hold = (h: DatabaseHandle, who: string) =>
      withAdvisoryLock(h, 'demo-seed', async () => {
        order.push(`${who} in`);
        await new Promise((r) => setTimeout(r, 150));
        order.push(`${who} out`);
      });
    await Promise.all([
      hold(a.handle, 'first'),
      new Promise((r) => setTimeout(r, 30)).then(() => hold(twin, 'second')),
    ]);
    expect(order).toEqual(['first in', 'first out', 'second in', 'second out']);
  });
});
