import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type ColumnType, type Generated, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { classifyDatabaseError } from './errors.js';
import { pgliteAsPool } from './pglite-pool.js';
import { limitTransactions } from './transaction-limit.js';

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
   * once per connection). On by default (config DB_PREPARED_STATEMENTS; `0` turns it off); PGlite
   * ignores it. Safe because no statement reads `*` (src/platform/db/columns.test.ts keeps it so):
   * a prepared `select *` fails with "cached plan must not change result type" once a migration
   * adds a column, a named column list does not. After five runs the server may switch a statement
   * to a generic plan. Texts that vary per call (IN lists, multi-row VALUES) go unnamed, and each
   * connection names at most PREPARED_PER_CONNECTION texts. docs/perf.md has what it saves.
   */
  preparedStatements?: boolean;
  /** Bounds on waiting for PostgreSQL (config DB_*; docs/operations.md). Defaults as in config.ts. */
  timeouts?: Partial<DatabaseTimeouts>;
  /**
   * How long start-up waits for a server that does not answer yet (a database starting beside the
   * app); 0 fails at once.
   */
  startupWaitMs?: number;
  /** Connection-level faults (a dropped idle connection, a server restart): logged, never fatal. */
  onConnectionError?: (err: Error) => void;
}

export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for one from a full pool. */
  connectMs: number;
  /** statement_timeout on the server; the client gives up a little after it. */
  statementMs: number;
  /** lock_timeout: a statement that cannot have its row or table lock in time fails (409 busy). */
  lockMs: number;
  /** idle_in_transaction_session_timeout: a transaction left open by a stuck caller is ended. */
  idleInTransactionMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 3_000,
  statementMs: 15_000,
  lockMs: 3_000,
  idleInTransactionMs: 30_000,
};

/** Connections kept free of transactions, so reads and /healthz answer while writers queue on a lock. */
const RESERVED_FOR_READS = 4;

/** Distinct statements a connection prepares at most; texts beyond go unnamed, as without the option. */
const PREPARED_PER_CONNECTION = 500;

/**
 * Texts whose shape follows the data: an IN list of two or more parameters, a second VALUES row.
 * Each length is a new text, so naming them would fill the per-connection budget with statements
 * run once; they go unnamed (parsed per call, as without the option).
 */
const VARYING_TEXT = [/\bin \(\s*\$\d+\s*,/i, /\)\s*,\s*\(\s*\$\d+/];

/** Whether a parameterised text is worth a name on the connection. */
export function preparable(text: string): boolean {
  return !VARYING_TEXT.some((re) => re.test(text));
}

/**
 * A pg client that never takes the process down: a connection that fails while checked out of the
 * pool (pg-pool only listens while it is idle) emits 'error' with nobody listening, which Node turns
 * into an uncaught exception. And a query the server never answers (client-side query_timeout)
 * leaves the connection in an unknown state: it is dropped, so the pool opens a fresh one.
 */
class GuardedClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's constructor config type is not exported under a stable name.
  constructor(config?: any) {
    super(config);
    const sink: ((err: Error) => void) | undefined = config?.onConnectionError;
    this.on('error', (err: Error) => sink?.(err));
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is a family of overloads; this passes them on.
  override query(...args: any[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (
      result &&
      typeof (result as Promise<unknown>).catch === 'function' &&
      typeof args.at(-1) !== 'function'
    ) {
      (result as Promise<unknown>).catch((err: Error) => {
        if (err?.message === 'Query read timeout') {
          (
            this as unknown as { connection?: { stream?: { destroy(): void } } }
          ).connection?.stream?.destroy();
        }
      });
    }
    return result;
  }
}

/** A pg client that names every parameterised query text it sees (up to the limit). */
class PreparingClient extends GuardedClient {
  readonly #names = new Map<string, string>();

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is a family of overloads; this passes them on.
  override query(...args: any[]): any {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      let name = this.#names.get(text);
      if (!name && this.#names.size < PREPARED_PER_CONNECTION && preparable(text)) {
        name = `tb${this.#names.size}`;
        this.#names.set(text, name);
      }
      if (name) return super.query({ name, text, values });
    }
    return super.query(...args);
  }
}

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    const max = opts.maxConnections ?? 20;
    // The same failure reaches us from the client and from the pool: reported once.
    const reported = new WeakSet<Error>();
    const sink = (err: Error) => {
      if (reported.has(err)) return;
      reported.add(err);
      opts.onConnectionError?.(err);
    };
    const pool = new pg.Pool({
      connectionString: opts.url,
      max,
      Client: (opts.preparedStatements ?? true) ? PreparingClient : GuardedClient,
      // Bounds the wait for a new connection *and* for a free one when the pool is full.
      connectionTimeoutMillis: t.connectMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      statement_timeout: t.statementMs,
      lock_timeout: t.lockMs,
      idle_in_transaction_session_timeout: t.idleInTransactionMs,
      // The server ends a slow statement itself; this catches a server that no longer answers at all.
      query_timeout: t.statementMs + 2_000,
      options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
      // pg-pool hands its options to every client it makes: GuardedClient reports through this.
      onConnectionError: sink,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE) return keepDate;
          if (oid === NUMERIC) return Number;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    } as pg.PoolConfig & { onConnectionError: (err: Error) => void });
    // An idle connection the server dropped (restart, failover, an operator's pg_terminate_backend):
    // pg-pool has already discarded it; the next request opens a fresh one.
    pool.on('error', (err) => sink(err));
    const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
    limitTransactions(db, Math.max(1, max - RESERVED_FOR_READS), t.lockMs + t.connectMs);
    await waitForServer(db, opts.startupWaitMs ?? 0, sink);
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

/** `select 1` until it answers or `waitMs` has passed; a fault other than unavailability fails at once. */
async function waitForServer(db: Db, waitMs: number, report: (err: Error) => void): Promise<void> {
  const until = Date.now() + waitMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      await sql`select 1`.execute(db);
      return;
    } catch (err) {
      if (classifyDatabaseError(err) !== 'unavailable' || Date.now() + delay > until) {
        await db.destroy().catch(() => {});
        throw err;
      }
      report(err as Error);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export function dataPath(dataDir: string, ...parts: string[]): string {
  return join(resolve(dataDir), ...parts);
}
