import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite is a single connection. Kysely's PostgresDialect expects a pool, and holds one client for the
 * whole of a transaction; handing out the one connection under a mutex keeps a transaction's statements
 * from interleaving with another request's.
 */
export function pgliteAsPool(pg: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();

  const client: Omit<PostgresPoolClient, 'release'> = {
    async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
      if (parameters.length === 0 && /;\s*\S/.test(sql)) {
        // Multi-statement text (migrations) needs the simple query protocol.
        const results = await pg.exec(sql);
        const last = results.at(-1);
        return { command: 'SELECT', rowCount: last?.rows.length ?? 0, rows: (last?.rows ?? []) as R[] };
      }
      const r = await pg.query<R>(sql, parameters as unknown[]);
      const command = (/^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ??
        'SELECT') as PostgresQueryResult<R>['command'];
      const isWrite =
        command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
      return { command, rowCount: isWrite ? (r.affectedRows ?? 0) : r.rows.length, rows: r.rows };
    },
  } as Omit<PostgresPoolClient, 'release'>;

  return {
    async connect() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const previous = tail;
      tail = previous.then(() => held);
      await previous;
      let released = false;
      return {
        ...client,
        release() {
          if (!released) {
            released = true;
            release();
          }
        },
      } as PostgresPoolClient;
    },
    async end() {
      await tail;
      await pg.close();
    },
  };
}
