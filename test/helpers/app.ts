import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type Tongban } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Engine, freshDatabase } from './engines.js';

export interface TestApp {
  app: Tongban;
  /** JSON request helper; `token` adds the bearer header. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app on a fresh database of the given engine, with the demo catalog and accounts unless told otherwise. */
export async function startTestApp(engine: Engine, opts: { seedDemo?: boolean } = {}): Promise<TestApp> {
  const db = await freshDatabase(engine);
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const app = await buildApp(config, {
    database: db.handle,
    seedDemo: opts.seedDemo ?? true,
    serveWeb: false,
    loginRateLimitPerMinute: 1000,
  });
  const call: TestApp['call'] = (method, url, o = {}) =>
    app.http.inject({
      method,
      url,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
    });
  return {
    app,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const r = await call('POST', '/api/auth/login', { body: { username, password } });
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
      return r.json().token as string;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
