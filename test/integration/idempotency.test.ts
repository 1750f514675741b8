import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdempotencyClaim, runWithContext } from '../../src/platform/context.js';
import type { DatabaseHandle } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { IdempotentReplay, transaction } from '../../src/platform/db/unit-of-work.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';

const claim = (key: string, hash = 'h1'): IdempotencyClaim => ({
  scope: 'tester /api/things',
  key,
  requestHash: hash,
  successStatus: 201,
  claimed: false,
});
const ctx = (c: IdempotencyClaim) => ({ requestId: 'r', principal: null, client: null, idempotency: c });

describe.each(ENGINES)('idempotency inside the transaction on %s', (engine) => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  const things = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from things`.execute(handle.db)).rows[0]!.n);
  const keyRows = async (key: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from idempotency_keys where key = ${key}`.execute(
        handle.db,
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    ({ handle, drop } = await freshDatabase(engine));
    await migrate(handle.db);
    await sql`create table things (id serial primary key, name text)`.execute(handle.db);
  });
  afterAll(() => drop());

  const insertThing = (name: string) =>
    transaction(handle.db, async (tx) => {
      const r = await sql<{ id: number }>`insert into things (name) values (${name}) returning id`.execute(
        tx,
      );
      return { id: r.rows[0]!.id, name };
    });

  it('commits the change and its outcome together, so a retry after a lost answer replays it', async () => {
    const first = await runWithContext(ctx(claim('k1')), () => insertThing('a'));
    // The answer never reached the client (the process died after COMMIT); the retry runs in a new request.
    const retry = runWithContext(ctx(claim('k1')), () => insertThing('a'));
    const err = await retry.then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(IdempotentReplay);
    expect(err.status).toBe(201);
    expect(JSON.parse(err.body)).toEqual(first);
    expect(await things()).toBe(1);
  });

  it('stores nothing when the change rolls back, so the retry performs it once', async () => {
    const failing = runWithContext(ctx(claim('k2')), () =>
      transaction(handle.db, async (tx) => {
        await sql`insert into things (name) values ('b')`.execute(tx);
        throw new Error('crash before commit');
      }),
    );
    await expect(failing).rejects.toThrow('crash before commit');
    expect(await keyRows('k2')).toBe(0);
    const before = await things();
    await runWithContext(ctx(claim('k2')), () => insertThing('b'));
    expect(await things()).toBe(before + 1);
    expect(await keyRows('k2')).toBe(1);
  });

  it('refuses the same key for a different request', async () => {
    await runWithContext(ctx(claim('k3', 'h1')), () => insertThing('c'));
    await expect(runWithContext(ctx(claim('k3', 'h2')), () => insertThing('c'))).rejects.toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
    });
  });

  it('claims the key once per request: a second transaction of the same request runs normally', async () => {
    const c = claim('k4');
    const before = await things();
    await runWithContext(ctx(c), async () => {
      await insertThing('d1');
      await insertThing('d2');
    });
    expect(await things()).toBe(before + 2);
    expect(c.claimed).toBe(true);
  });

  it('lets concurrent twins create one thing: the second waits for the first and replays it', async () => {
    const before = await things();
    const results = await Promise.allSettled([
      runWithContext(ctx(claim('k5')), () => insertThing('e')),
      runWithContext(ctx(claim('k5')), () => insertThing('e')),
    ]);
    expect(await things()).toBe(before + 1);
    const replays = results.filter((r) => r.status === 'rejected' && r.reason instanceof IdempotentReplay);
    expect(replays).toHaveLength(1);
  });
});

describe.each(ENGINES)('Idempotency-Key over HTTP on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('never stores a login: a replayed key gets a fresh, live session', async () => {
    const headers = { 'idempotency-key': 'login-1' };
    const body = { username: 'demo-person', password: 'Tongban@2026' };
    const a = await t.call('POST', '/api/auth/login', { body, headers });
    await t.call('POST', '/api/auth/logout', {
      token: a.json().token,
      headers: { 'idempotency-key': 'out-1' },
    });
    const b = await t.call('POST', '/api/auth/login', { body, headers });
    expect(b.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().token).not.toBe(a.json().token);
    const me = await t.call('GET', '/api/me', { token: b.json().token });
    expect(me.statusCode).toBe(200);
  });

  it('forgets keys after 24 hours: the purge removes them and the key can be used again', async () => {
    await sql`insert into idempotency_keys (scope, key, request_hash, status_code, response, content_type, created_at)
              values ('x /y', 'stale', 'h', 201, '{}', 'application/json', now() - interval '25 hours'),
                     ('x /y', 'fresh', 'h', 201, '{}', 'application/json', now())`.execute(t.app.database.db);
    const { purgeIdempotencyKeys } = await import('../../src/platform/http/idempotency.js');
    expect(await purgeIdempotencyKeys(t.app.database.db)).toBeGreaterThanOrEqual(1);
    const left = await sql<{ key: string }>`select key from idempotency_keys where scope = 'x /y'`.execute(
      t.app.database.db,
    );
    expect(left.rows.map((x) => x.key)).toEqual(['fresh']);
  });
});
