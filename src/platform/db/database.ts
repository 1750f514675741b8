import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type ColumnType, type Generated, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { pgliteAsPool } from './pglite-pool.js';

/** The platform's own tables; each module adds its tables in its repo with `withTables<…>()`. */
export type PlatformTables = {
  schema_migrations: { name: string; applied_at: Generated<Date> };
  events: {
    id: Generated<number>;
    aggregate_type: string;
    aggregate_id: string;
    type: string;
    actor_id: string | null;
    region_code: string | null;
    payload: ColumnType<unknown, string, string>;
    at: Generated<Date>;
    delivered_at: Date | null;
  };
  idempotency_keys: {
    scope: string;
    key: string;
    request_hash: string;
    status_code: number | null;
    content_type: string | null;
    response: string | null;
    exact: Generated<boolean>;
    created_at: Generated<Date>;
    completed_at: Date | null;
  };
};

export type Db = Kysely<PlatformTables>;
export type Tx = Transaction<PlatformTables>;
/** A transaction is a Kysely too; repos take either. */
export type DbOrTx = Db;

export interface DatabaseHandle {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Pool statistics for /metrics (PGlite has one connection). */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// Both engines return the same JS types: counts as numbers, calendar dates as 'YYYY-MM-DD' strings.
const parseInt8 = (v: string) => Number(v);
const keepDate = (v: string) => v;

export interface DatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; undefined with no url means in-memory. */
  dataDir?: string;
  /** PostgreSQL schema to work in (tests give each file its own). */
  schema?: string;
  maxConnections?: number;
  /**
   * Send parameterised queries as named prepared statements (PostgreSQL parses and plans each text
   * once per connection). Off by default: a prepared `select *` fails with "cached plan must not
   * change result type" after a concurrent migration alters the table, and after five runs the
   * server may switch to a generic plan. docs/perf.md has what it saves.
   */
  preparedStatements?: boolean;
}

/** Distinct statements a connection prepares at most; texts beyond go unnamed, as without the option. */
const PREPARED_PER_CONNECTION = 500;

/** A pg client that names every parameterised query text it sees (up to the limit). */
class PreparingClient extends pg.Client {
  readonly #names = new Map<string, string>();

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is a family of overloads; this passes them on.
  override query(...args: any[]): any {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      let name = this.#names.get(text);
      if (!name && this.#names.size < PREPARED_PER_CONNECTION) {
        name = `tb${this.#names.size}`;
        this.#names.set(text, name);
      }
      if (name) return super.query({ name, text, values });
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.maxConnections ?? 20,
      ...(opts.preparedStatements ? { Client: PreparingClient } : {}),
      options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE) return keepDate;
          if (oid === NUMERIC) return Number;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    return {
      db,
      engine: 'postgres',
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
    };
  }
  let dir: string | undefined;
  let unlock = () => {};
  if (opts.dataDir) {
    dir = resolve(opts.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(dir);
  }
  let lite: PGlite;
  try {
    lite = await PGlite.create(dir ?? 'memory://', {
      parsers: { [INT8]: parseInt8, [DATE]: keepDate, [NUMERIC]: Number },
    });
  } catch (e) {
    unlock();
    throw e;
  }
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool: pgliteAsPool(lite) }) });
  return {
    db,
    engine: 'pglite',
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      try {
        await db.destroy(); // closes PGlite (pglite-pool.ts end())
      } finally {
        unlock();
      }
    },
  };
}

export function dataPath(dataDir: string, ...parts: string[]): string {
  return join(resolve(dataDir), ...parts);
}
