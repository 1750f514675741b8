import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { MIGRATIONS_DIR } from '../../src/platform/db/migrate.js';
import {
  type AppProcess,
  clusterPorts,
  type PgCluster,
  postgresSuitesEnabled,
  spawnApp,
  startPgCluster,
  waitHealthy,
} from '../helpers/pg-cluster.js';

// Own cluster (ports 55440, 55443, …; apps 3500, 3501, 3503): this file kills app processes under load.
const PG_PORTS = clusterPorts(0);
const enabled = postgresSuitesEnabled('two app processes on one PostgreSQL (multi-process.test.ts)');

interface Write {
  key: string;
  body: Record<string, string>;
  /** The account id of the 201 that acknowledged it, once one did. */
  id?: string;
}

type Outcome = { status: number; body: Record<string, unknown> } | { error: string };

async function register(app: AppProcess, w: Write, client: string): Promise<Outcome> {
  try {
    const r = await fetch(`${app.base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': w.key, 'x-forwarded-for': client },
      body: JSON.stringify(w.body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  } catch (e) {
    return { error: String(e) };
  }
}

describe.skipIf(!enabled)('two app processes on one PostgreSQL', () => {
  let cluster: PgCluster;
  let sql: pg.Client;
  const apps: AppProcess[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    cluster = await startPgCluster(PG_PORTS);
    sql = new pg.Client({ connectionString: cluster.url });
    await sql.connect();
    // Both at once on an empty database: migrations and demo seeding race unless they take turns.
    for (const port of [3500, 3501]) {
      const dir = mkdtempSync(join(tmpdir(), 'tongban-mp-'));
      dirs.push(dir);
      apps.push(
        spawnApp(port, { DATABASE_URL: cluster.url, SEED_DEMO: '1', DATA_DIR: dir, TRUST_PROXY: '1' }),
      );
    }
    await Promise.all(apps.map((a) => waitHealthy(a)));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.kill('SIGKILL')));
    await sql?.end().catch(() => {});
    await cluster?.destroy();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const count = async (q: string, params: unknown[] = []) =>
    Number((await sql.query<{ n: string }>(q, params)).rows[0]!.n);

  it('both start at once on an empty database, migrating and seeding the demo data exactly once', async () => {
    const migrations = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length;
    expect(await count('select count(*) as n from schema_migrations')).toBe(migrations);
    expect(await count(`select count(*) as n from catalog_imports where status = 'applied'`)).toBe(1);
    const demo = DEMO_ACCOUNTS.map((a) => a.username);
    expect(await count('select count(*) as n from accounts where username = any($1)', [demo])).toBe(
      demo.length,
    );
    expect(await count('select count(*) as n from licences')).toBe(2);
    // Each process serves the seeded accounts.
    for (const app of apps) {
      const r = await fetch(`${app.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo-person', password: DEMO_PASSWORD }),
      });
      expect(r.status).toBe(200);
    }
  });

  it('keeps every acknowledged write exactly once when one process is killed mid-load and retries go to the other', async () => {
    const [victim, survivor] = apps as [AppProcess, AppProcess];
    const writes: Write[] = Array.from({ length: 48 }, (_, i) => ({
      key: `mp-${i}-${Math.random().toString(36).slice(2)}`,
      body: {
        type: 'person',
        name: '并发测试',
        idNumber: makeIdNumber('411202', '19950101', String(i + 1).padStart(3, '0')),
        phone: `1393712${String(1000 + i)}`,
        password: DEMO_PASSWORD,
      },
    }));
    const personsBefore = await count(`select count(*) as n from accounts where kind = 'person'`);

    // Round one: writes spread over both processes, three at a time each; the victim is killed with
    // SIGKILL once it has acknowledged a few, while others are in flight on it.
    let victimAcks = 0;
    let killed = false;
    const unacknowledged: Write[] = [];
    const queues: [AppProcess, Write[]][] = [
      [victim, writes.filter((_, i) => i % 2 === 0)],
      [survivor, writes.filter((_, i) => i % 2 === 1)],
    ];
    await Promise.all(
      queues.flatMap(([app, queue]) =>
        [0, 1, 2].map(async (lane) => {
          for (let w = queue.shift(); w; w = queue.shift()) {
            const r = await register(app, w, `10.1.${app.port % 100}.${lane + 1}`);
            if ('status' in r && r.status === 201) {
              w.id = String(r.body.id);
              if (app === victim && ++victimAcks === 6 && !killed) {
                killed = true;
                victim.child.kill('SIGKILL');
              }
            } else {
              unacknowledged.push(w);
            }
          }
        }),
      ),
    );
    expect(killed).toBe(true);
    expect(unacknowledged.length).toBeGreaterThan(0);

    // Round two: everything not acknowledged is retried against the survivor with the same key and
    // body, until acknowledged (a refusal such as 429 or 409 in progress is retried after a pause).
    for (const w of unacknowledged) {
      for (let attempt = 0; !w.id; attempt++) {
        expect(attempt, `write ${w.key} never acknowledged`).toBeLessThan(40);
        const r = await register(survivor, w, '10.2.0.1');
        if ('status' in r && r.status === 201) w.id = String(r.body.id);
        else await new Promise((res) => setTimeout(res, 250));
      }
    }

    // Every write acknowledged, each by one account, each account there once; nothing more.
    const ids = writes.map((w) => w.id!);
    expect(new Set(ids).size).toBe(writes.length);
    expect(await count('select count(*) as n from accounts where id::text = any($1)', [ids])).toBe(
      writes.length,
    );
    expect(await count(`select count(*) as n from accounts where kind = 'person'`)).toBe(
      personsBefore + writes.length,
    );
    // Each key's outcome stored once, completed.
    expect(
      await count('select count(*) as n from idempotency_keys where key = any($1) and status_code = 201', [
        writes.map((w) => w.key),
      ]),
    ).toBe(writes.length);
    expect(survivor.exited()).toBe(false);
  }, 120_000);

  it('after a SIGKILL inside the transaction, a retry with the same key runs the change exactly once (no "in progress" limbo)', async () => {
    const server = apps[1]!;
    const before = await count(`select count(*) as n from accounts where kind = 'person'`);
    const w: Write = {
      key: `crash-${Math.random().toString(36).slice(2)}`,
      body: {
        type: 'person',
        name: '崩溃测试',
        idNumber: makeIdNumber('411202', '19970303', '001'),
        phone: '13937129001',
        password: DEMO_PASSWORD,
      },
    };
    // Hold the accounts table so the registration's transaction — key reserved, account not yet
    // written — stops at its insert; kill the process right there.
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table accounts in share mode');
    const inFlight = register(server, w, '10.4.0.1');
    try {
      let waiting = 0;
      for (let i = 0; i < 200 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        waiting = await count(
          `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into "accounts"%'`,
        );
      }
      expect(waiting, 'the registration never reached its insert').toBe(1);
      await server.kill('SIGKILL');
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect('error' in (await inFlight)).toBe(true);

    // A process started in its place (same files) gets the retry.
    const next = spawnApp(3503, {
      DATABASE_URL: cluster.url,
      SEED_DEMO: '1',
      DATA_DIR: dirs[1]!,
      TRUST_PROXY: '1',
    });
    apps.push(next);
    await waitHealthy(next);
    const retried = await register(next, w, '10.4.0.1');
    expect(retried).toMatchObject({ status: 201 });
    const again = await register(next, w, '10.4.0.1');
    expect(again).toMatchObject({ status: 201, body: (retried as { body: unknown }).body });
    expect(await count(`select count(*) as n from accounts where kind = 'person'`)).toBe(before + 1);
    expect(await count('select count(*) as n from idempotency_keys where key = $1', [w.key])).toBe(1);
  }, 240_000);
});
