import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Tongban } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { loadConfig } from '../../src/platform/config.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { classifyDatabaseError } from '../../src/platform/db/errors.js';
import { SAMPLE_PDF } from '../helpers/app.js';
import {
  clusterPorts,
  type PgCluster,
  postgresSuitesEnabled,
  startPgCluster,
} from '../helpers/pg-cluster.js';

// Own cluster (ports 55442, 55445, …): this file holds row locks and drains the pool on purpose.
const PG_PORTS = clusterPorts(2);
const enabled = postgresSuitesEnabled('stuck transaction and pool bounds (db-locks.test.ts)');

const FOOD = 'SCJG-XK-007-01';
const FOOD_FORM = {
  entName: '峡州市通办餐饮管理有限公司',
  uscc: '91411200MA9XKT2L7X',
  legalRep: '李明远',
  premises: '峡州市峡江区滨江路88号',
  mainBusiness: '餐饮服务经营者',
  businessItems: ['热食类食品制售'],
  online: false,
  area: 120,
  phone: '13937120002',
};

describe.skipIf(!enabled)('one stuck transaction does not stop the service', () => {
  let cluster: PgCluster;
  let database: DatabaseHandle;
  let app: Tongban;
  let dir: string;
  const tok: Record<string, string> = {};
  // The defaults an operator gets (README): the pool of 20, lock_timeout 3 s, …
  const config = () => loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir });

  const call = (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) =>
    app.http.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });

  async function upload(token: string): Promise<string> {
    const boundary = '----tongbanlocks';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="材料.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      SAMPLE_PDF,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await app.http.inject({
      method: 'POST',
      url: '/api/files',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().fileId;
  }

  async function submitCase(): Promise<string> {
    const materials = [];
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5'])
      materials.push({ materialId: m, fileId: await upload(tok['demo-enterprise']!) });
    const created = await call('POST', '/api/cases', tok['demo-enterprise'], {
      itemCode: FOOD,
      regionCode: '411200',
      form: FOOD_FORM,
      materials,
      delivery: { mode: 'window' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }

  beforeAll(async () => {
    cluster = await startPgCluster(PG_PORTS);
    dir = mkdtempSync(join(tmpdir(), 'tongban-locks-'));
    const c = config();
    database = await openDatabase({
      url: cluster.url,
      maxConnections: c.DB_POOL_MAX,
      timeouts: {
        connectMs: c.DB_CONNECT_TIMEOUT_MS,
        statementMs: c.DB_STATEMENT_TIMEOUT_MS,
        lockMs: c.DB_LOCK_TIMEOUT_MS,
        idleInTransactionMs: c.DB_IDLE_TX_TIMEOUT_MS,
      },
    });
    app = await buildApp(c, {
      database,
      seedDemo: true,
      serveWeb: false,
      startJobs: false,
      loginRateLimitPerMinute: 1000,
    });
    for (const u of ['demo-enterprise', 'demo-clerk', 'demo-person']) {
      const r = await call('POST', '/api/auth/login', undefined, { username: u, password: DEMO_PASSWORD });
      tok[u] = r.json().token;
    }
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses 25 actions queued on a locked case with 409 busy within seconds, while /healthz and other requests keep answering', async () => {
    const caseId = await submitCase();

    // Another session takes the case row and sits on it, as a stuck batch job or a psql prompt would.
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from cases where id = $1 for update', [caseId]);
    try {
      const started = Date.now();
      const actions = Array.from({ length: 25 }, async () => {
        const r = await call('POST', `/api/cases/${caseId}/actions`, tok['demo-clerk'], { action: 'accept' });
        return {
          status: r.statusCode,
          body: r.json(),
          type: String(r.headers['content-type']),
          ms: Date.now() - started,
        };
      });

      // Meanwhile: health, someone else's read, someone else's write-free request — each answered.
      await new Promise((r) => setTimeout(r, 300));
      const others: { what: string; status: number; ms: number }[] = [];
      const probe = async (what: string, run: () => Promise<{ statusCode: number }>) => {
        const t0 = Date.now();
        const r = await run();
        others.push({ what, status: r.statusCode, ms: Date.now() - t0 });
      };
      for (let round = 0; round < 4; round++) {
        await Promise.all([
          probe('healthz', () => call('GET', '/healthz')),
          probe('me', () => call('GET', '/api/me', tok['demo-person'])),
          probe('catalog', () => call('GET', `/api/catalog/items/${FOOD}`)),
        ]);
        await new Promise((r) => setTimeout(r, 400));
      }

      const answers = await Promise.all(actions);
      for (const a of answers) {
        expect(a.status, JSON.stringify(a.body)).toBe(409);
        expect(a.body.code).toBe('busy');
        expect(a.type).toMatch(/^application\/problem\+json/);
      }
      // lock_timeout is 3 s; 16 transactions wait at once, the rest after them: two rounds at most.
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(12_000);
      for (const o of others) {
        expect(o.status, o.what).toBe(200);
        // Answered while writers queue on the lock: well under one lock_timeout.
        expect(o.ms, o.what).toBeLessThan(2_500);
      }
    } finally {
      await holder.query('rollback');
      await holder.end();
    }

    // The refused actions changed nothing: the case still waits for acceptance, and accepting it works.
    const accepted = await call('POST', `/api/cases/${caseId}/actions`, tok['demo-clerk'], {
      action: 'accept',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
  }, 90_000);

  it('bounds every wait: pool acquire, statement, lock and a transaction left idle all fail in time as database faults', async () => {
    const small = await openDatabase({
      url: cluster.url,
      maxConnections: 2,
      timeouts: { connectMs: 500, statementMs: 500, lockMs: 200, idleInTransactionMs: 1_000 },
    });
    const timed = async (run: () => Promise<unknown>) => {
      const t0 = Date.now();
      const err = await run().then(
        () => null,
        (e: unknown) => e,
      );
      return { fault: classifyDatabaseError(err), ms: Date.now() - t0 };
    };
    try {
      // statement_timeout
      expect(await timed(() => sql`select pg_sleep(5)`.execute(small.db))).toMatchObject({
        fault: 'unavailable',
      });
      // lock_timeout → busy
      const holder = new pg.Client({ connectionString: cluster.url });
      await holder.connect();
      await holder.query('begin');
      await holder.query('lock table schema_migrations in access exclusive mode');
      const locked = await timed(() => sql`select count(*) from schema_migrations`.execute(small.db));
      await holder.query('rollback');
      await holder.end();
      expect(locked.fault).toBe('busy');
      expect(locked.ms).toBeLessThan(2_000);
      // idle_in_transaction_session_timeout: the server ends the session; the pool replaces it
      const idle = await timed(() =>
        small.db.transaction().execute(async (tx) => {
          await sql`select 1`.execute(tx);
          await new Promise((r) => setTimeout(r, 1_600));
          await sql`select 1`.execute(tx);
        }),
      );
      expect(idle.fault).toBe('unavailable');
      // pool acquire: both connections held, a third caller is refused after connectMs
      let release!: () => void;
      const hold = new Promise<void>((r) => {
        release = r;
      });
      const holders = [0, 1].map(() => small.db.connection().execute(() => hold));
      await new Promise((r) => setTimeout(r, 100));
      const starved = await timed(() => sql`select 1`.execute(small.db));
      release();
      await Promise.all(holders);
      expect(starved.fault).toBe('unavailable');
      expect(starved.ms).toBeLessThan(2_000);
      // and the pool serves again afterwards
      expect((await sql<{ x: number }>`select 1 as x`.execute(small.db)).rows[0]?.x).toBe(1);
    } finally {
      await small.close();
    }
  }, 30_000);

  it('survives its connection being ended by the server while checked out, and the pool serves on', async () => {
    const other = new pg.Client({ connectionString: cluster.url });
    await other.connect();
    try {
      // The connection is out of the pool (a transaction in progress) when an operator ends it: pg
      // emits 'error' on it with the pool not listening, which used to be an uncaught exception.
      const outcome = await database.db
        .transaction()
        .execute(async (tx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
          await other.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(tx);
        })
        .then(
          () => 'committed',
          (err: unknown) => classifyDatabaseError(err),
        );
      expect(outcome).toBe('unavailable');
    } finally {
      await other.end();
    }
    const health = await call('GET', '/healthz');
    expect(health.statusCode).toBe(200);
  });

  it('lets the deadline sweep pass a case another session holds, and come back to it next time', async () => {
    const [held, free] = [await submitCase(), await submitCase()];
    for (const id of [held, free]) {
      const r = await call('POST', `/api/cases/${id}/actions`, tok['demo-clerk'], { action: 'accept' });
      expect(r.statusCode, r.body).toBe(200);
    }
    // Both show a warning their clock does not justify: the sweep must correct each.
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`update cases set warning = 'red' where id = any($1)`, [[held, free]]);
    await admin.query('begin');
    await admin.query('select id from cases where id = $1 for update', [held]);
    try {
      expect(await app.cases.sweep()).toMatchObject({ changed: 1 });
    } finally {
      await admin.query('rollback');
    }
    const warnings = await admin.query<{ id: string; warning: string }>(
      'select id, warning from cases where id = any($1)',
      [[held, free]],
    );
    expect(Object.fromEntries(warnings.rows.map((r) => [r.id, r.warning]))).toEqual({
      [held]: 'red',
      [free]: 'none',
    });
    expect(await app.cases.sweep()).toMatchObject({ changed: 1 });
    await admin.end();
  }, 60_000);
});
