import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Tongban } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { loadConfig } from '../../src/platform/config.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';

describe.each(ENGINES)('demo seeding on restart (%s)', (engine) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  let app: Tongban | null = null;

  const start = async () => {
    app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir }), {
      database: db.handle,
      seedDemo: true,
      serveWeb: false,
      startJobs: false,
      loginRateLimitPerMinute: 1000,
    });
    return app;
  };
  const stop = async () => {
    await app?.close();
    app = null;
  };
  const call = (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) =>
    app!.http.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const login = async (username: string) =>
    (await call('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD })).json()
      .token as string;
  const wallet = async () =>
    (await call('GET', '/api/licences?mine=1&typeCode=LIC-YYZZ', await login('demo-enterprise'))).json() as {
      total: number;
      items: { id: string; status: string }[];
    };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'tongban-seed-'));
  });
  afterAll(async () => {
    await stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never re-creates a demo licence that was revoked: after a restart it is still revoked and alone', async () => {
    await start();
    const before = await wallet();
    expect(before.total).toBe(1);
    const id = before.items[0]!.id;
    const revoked = await call('POST', `/api/licences/${id}/revoke`, await login('demo-approver'), {
      reason: '企业申请注销',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await stop();

    // The same database, started again with demo seeding on.
    await start();
    const after = await wallet();
    expect(after.total).toBe(1);
    expect(after.items[0]).toMatchObject({ id, status: 'revoked' });
  });

  it('seeds nothing twice on a restart: accounts, catalog import and licences stay as they were', async () => {
    const counts = async () => {
      const a = app!;
      return {
        imports: (await a.catalog.listImports()).length,
        licences: (await call('GET', '/api/licences?mine=1', await login('demo-person'))).json().total,
      };
    };
    const first = await counts();
    await stop();
    await start();
    expect(app!.startup.demoAccountsCreated).toEqual([]);
    expect(await counts()).toEqual(first);
  });
});
