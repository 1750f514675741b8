import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';

// openDatabase's preparedStatements (PostgreSQL only; PGlite has no named statements to keep).
describe.skipIf(!process.env.TEST_DATABASE_URL)('prepared statements on postgres', () => {
  it('prepares a parameterised text once per connection and answers as without', async () => {
    const handle = await openDatabase({
      url: process.env.TEST_DATABASE_URL,
      maxConnections: 1,
      preparedStatements: true,
    });
    try {
      for (const [a, b] of [
        [1, 2],
        [40, 2],
        [-5, 5],
      ] as const) {
        const r = await sql<{ n: number }>`select ${a}::int + ${b}::int as n`.execute(handle.db);
        expect(r.rows[0]!.n).toBe(a + b);
      }
      // A failed statement leaves the connection usable, in and out of a transaction.
      await expect(sql`select ${1}::int / ${0}::int`.execute(handle.db)).rejects.toThrow(/division by zero/);
      await expect(
        handle.db.transaction().execute(async (tx) => {
          await sql`select ${1}::int / ${0}::int`.execute(tx);
        }),
      ).rejects.toThrow(/division by zero/);
      const again = await sql<{ n: number }>`select ${1}::int + ${1}::int as n`.execute(handle.db);
      expect(again.rows[0]!.n).toBe(2);

      // One connection: its session lists what it prepared, each text once.
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        handle.db,
      );
      const texts = prepared.rows.map((r) => r.statement);
      expect(texts.filter((s) => s.includes('$1::int + $2::int'))).toHaveLength(1);
      expect(texts.filter((s) => s.includes('$1::int / $2::int'))).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
