import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import { inject } from 'vitest';
import { type BuildOptions, buildApp, type Tongban } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { loadConfig } from '../../src/platform/config.js';
import type { SmsAdapter } from '../../src/platform/sms.js';
import { type Engine, freshDatabase } from './engines.js';

/** A minimal valid PDF: uploads are typed by content. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

export interface TestApp {
  app: Tongban;
  /** JSON request helper; `token` adds the bearer header. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  login(username: string, password?: string): Promise<string>;
  /** Uploads bytes as a multipart file and returns the file id. */
  upload(token: string, data?: Buffer, name?: string): Promise<string>;
  /** Every SMS the app sent (the test app's SMS adapter records instead of logging). */
  sms: { phone: string; text: string }[];
  close(): Promise<void>;
}

let appsStarted = 0;
/** The bearer token /metrics accepts in tests. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

/** The real app on a fresh database of the given engine, with the demo catalog and accounts unless told otherwise. */
export async function startTestApp(
  engine: Engine,
  opts: {
    seedDemo?: boolean;
    env?: Record<string, string>;
    build?: Partial<BuildOptions>;
    logStream?: DestinationStream;
  } = {},
): Promise<TestApp> {
  const db = await freshDatabase(engine);
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-test-'));
  // Issue 9 §3: with the suite's log capture on (test/log-scan/global-setup.ts), every app logs at
  // debug into its own file, scanned for personal data after the run; otherwise tests stay silent.
  const captureDir = inject('logCaptureDir');
  const logFile = captureDir ? join(captureDir, `${process.pid}-${++appsStarted}.log`) : undefined;
  const capture = !opts.logStream && logFile ? pino.destination({ dest: logFile, sync: true }) : undefined;
  const logStream = opts.logStream ?? capture;
  const config = loadConfig({
    LOG_LEVEL: logStream ? 'debug' : 'silent',
    DATA_DIR: dataDir,
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...opts.env,
  });
  const sms: TestApp['sms'] = [];
  const recorder: SmsAdapter = {
    async send(phone, text) {
      sms.push({ phone, text });
    },
  };
  const app = await buildApp(config, {
    logStream,
    database: db.handle,
    seedDemo: opts.seedDemo ?? true,
    serveWeb: false,
    loginRateLimitPerMinute: 1000,
    smsRateLimitPerMinute: 1000,
    startJobs: false,
    sms: recorder,
    ...opts.build,
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
    sms,
    async login(username, password = DEMO_PASSWORD) {
      const r = await call('POST', '/api/auth/login', { body: { username, password } });
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
      return r.json().token as string;
    },
    async upload(token, data = SAMPLE_PDF, name = '材料.pdf') {
      const boundary = `----tongban${Math.random().toString(16).slice(2)}`;
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        data,
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
      if (r.statusCode !== 201) throw new Error(`upload failed: ${r.statusCode} ${r.body}`);
      return r.json().fileId as string;
    },
    async close() {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
      capture?.end();
    },
  };
}
