import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteAsPool } from './pglite-pool.js';

describe('PGlite as a pool', () => {
  const lite = new PGlite();
  const db = new Kysely<{ n: { v: number } }>({ dialect: new PostgresDialect({ pool: pgliteAsPool(lite) }) });
  afterAll(() => db.destroy());

  it('keeps concurrent transactions from interleaving on the single connection', async () => {
    await sql`create table n (v integer)`.execute(db);
    const slow = db.transaction().execute(async (tx) => {
      await tx.insertInto('n').values({ v: 1 }).execute();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('roll back');
    });
    const other = db.insertInto('n').values({ v: 2 }).execute();
    await expect(slow).rejects.toThrow('roll back');
    await other;
    const rows = await db.selectFrom('n').select('v').execute();
    expect(rows).toEqual([{ v: 2 }]);
  });

  it('reports affected rows of writes', async () => {
    const r = await db.updateTable('n').set({ v: 3 }).where('v', '=', 2).executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
  });

  it('runs multi-statement text (migrations)', async () => {
    await sql.raw('create table a (x int); create table b (y int); insert into a values (1);').execute(db);
    const r = await sql<{ x: number }>`select x from a`.execute(db);
    expect(r.rows).toEqual([{ x: 1 }]);
  });
});
