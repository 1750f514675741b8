import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import {
  type AppProcess,
  clusterPorts,
  type PgCluster,
  postgresSuitesEnabled,
  spawnApp,
  startPgCluster,
  waitHealthy,
} from '../helpers/pg-cluster.js';

// Own cluster (ports 55441, 55444, …; app 3502): this file restarts and stops the PostgreSQL server.
const PG_PORTS = clusterPorts(1);
const APP_PORT = 3502;
const enabled = postgresSuitesEnabled('PostgreSQL restart and outage (db-outage.test.ts)');

/** The contract: while the database does not answer, calls are refused within 5 s. */
const ANSWER_WITHIN_MS = 5_000;

interface Answer {
  what: string;
  status: number;
  code?: string;
  contentType: string;
  ms: number;
  at: number;
}

describe.skipIf(!enabled)('a PostgreSQL restart or outage under the running app', () => {
  let cluster: PgCluster;
  let app: AppProcess;
  let dir: string;
  let token: string;
  let serial = 0;
  const acknowledged: string[] = [];

  async function call(what: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const start = Date.now();
    const r = await fetch(`${app.base}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
    const text = await r.text();
    const contentType = r.headers.get('content-type') ?? '';
    let code: string | undefined;
    try {
      code = JSON.parse(text).code;
    } catch {
      // not JSON
    }
    if (what === 'register' && r.status === 201) acknowledged.push(JSON.parse(text).id);
    return { what, status: r.status, code, contentType, ms: Date.now() - start, at: start };
  }

  const healthz = () => call('healthz', '/healthz');
  const me = () => call('me', '/api/me', { headers: { authorization: `Bearer ${token}` } });
  const register = () => {
    const i = serial++;
    return call('register', '/api/auth/register', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `outage-${i}`,
        // Registration is rate-limited per client: each write comes from its own address.
        'x-forwarded-for': `10.3.${i >> 8}.${i & 255}`,
      },
      body: JSON.stringify({
        type: 'person',
        name: '故障测试',
        idNumber: makeIdNumber('411202', '19960202', String(i + 1).padStart(3, '0')),
        phone: `1393713${String(1000 + i)}`,
        password: DEMO_PASSWORD,
      }),
    });
  };

  /** A refusal while the database is away: 503 problem+json database_unavailable, quickly. */
  function expectUnavailable(a: Answer) {
    expect(a, JSON.stringify(a)).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(a.contentType).toMatch(/^application\/problem\+json/);
    expect(a.ms, JSON.stringify(a)).toBeLessThan(ANSWER_WITHIN_MS);
  }

  beforeAll(async () => {
    cluster = await startPgCluster(PG_PORTS);
    dir = mkdtempSync(join(tmpdir(), 'tongban-outage-'));
    app = spawnApp(APP_PORT, { DATABASE_URL: cluster.url, SEED_DEMO: '1', DATA_DIR: dir, TRUST_PROXY: '1' });
    await waitHealthy(app);
    const r = await fetch(`${app.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-person', password: DEMO_PASSWORD }),
    });
    token = ((await r.json()) as { token: string }).token;
  }, 240_000);

  afterAll(async () => {
    await app?.kill('SIGKILL');
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function countAcknowledged(): Promise<number> {
    const c = new pg.Client({ connectionString: cluster.url });
    await c.connect();
    try {
      const r = await c.query<{ n: string }>('select count(*) as n from accounts where id::text = any($1)', [
        acknowledged,
      ]);
      return Number(r.rows[0]!.n);
    } finally {
      await c.end();
    }
  }

  it('lives through a restart under load: every answer is a success or a quick 503, then it recovers by itself', async () => {
    const answers: Answer[] = [];
    let loading = true;
    const lanes = [register, me, healthz].map(async (next) => {
      while (loading) {
        answers.push(await next());
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await new Promise((r) => setTimeout(r, 1_000));
    await cluster.restart();
    const upAt = Date.now();
    // Load goes on until each kind of request has succeeded again (at most 30 s on a loaded machine).
    const servedAgain = () =>
      ['register', 'me', 'healthz'].every((what) =>
        answers.some((a) => a.what === what && a.at >= upAt && a.status < 300),
      );
    for (const until = Date.now() + 30_000; !servedAgain() && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 100));
    loading = false;
    await Promise.all(lanes);

    expect(app.exited(), app.output()).toBe(false);
    for (const a of answers) {
      if (a.status >= 200 && a.status < 300) continue;
      expectUnavailable(a);
    }
    // Served again after the restart, by the same process, with no one restarting it.
    expect(servedAgain()).toBe(true);
    // Nothing acknowledged was lost.
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(await countAcknowledged()).toBe(acknowledged.length);
  }, 60_000);

  it('answers /healthz and API calls 503 database_unavailable within 5 s while PostgreSQL is stopped, and 200 once it is back', async () => {
    await cluster.stop();
    try {
      const until = Date.now() + 6_000; // past a job-runner tick: background work failing is survived too
      while (Date.now() < until) {
        for (const a of await Promise.all([healthz(), me(), register()])) expectUnavailable(a);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(app.exited(), app.output()).toBe(false);
    } finally {
      await cluster.start();
    }
    const back = Date.now() + 15_000;
    let health = await healthz();
    while (health.status !== 200 && Date.now() < back) {
      await new Promise((r) => setTimeout(r, 200));
      health = await healthz();
    }
    expect(health.status).toBe(200);
    // The session from before the outage still works; writes are accepted again.
    expect((await me()).status).toBe(200);
    expect((await register()).status).toBe(201);
    expect(await countAcknowledged()).toBe(acknowledged.length);
  }, 60_000);

  it('answers /healthz 503 within 5 s when the server stops answering without hanging up, and 200 once it answers again', async () => {
    expect((await healthz()).status).toBe(200);
    cluster.freeze();
    try {
      const a = await healthz();
      expectUnavailable(a);
      expect(app.exited()).toBe(false);
    } finally {
      cluster.thaw();
    }
    const back = Date.now() + 20_000;
    let health = await healthz();
    while (health.status !== 200 && Date.now() < back) {
      await new Promise((r) => setTimeout(r, 200));
      health = await healthz();
    }
    expect(health.status).toBe(200);
  }, 60_000);
});
