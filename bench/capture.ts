// bench/cases.ts's client side (the demo accounts, the application, one pair) and the capture of the
// statements one pair sends, from PostgreSQL's own statement log, as a pgbench script.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { parseStatementLog, toPgbenchScript } from './replay.js';

export interface BenchClient {
  enterprise: string;
  clerk: string;
  /** The body of POST /api/cases: 食品经营许可（新办） with every required material. */
  application: string;
  accept: string;
  /** One submit + accept, sequentially; throws unless they answer 201 and 200. */
  pair(): Promise<void>;
}

/** Logs the demo enterprise and clerk in, uploads the PDF every material carries. */
export async function benchClient(base: string): Promise<BenchClient> {
  const login = async (username: string) => {
    const r = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { token: string }).token;
  };
  const enterprise = await login('demo-enterprise');
  const clerk = await login('demo-clerk');
  const form = new FormData();
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), '材料.pdf');
  const up = await fetch(`${base}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${enterprise}` },
    body: form,
  });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
  const fileId = ((await up.json()) as { fileId: string }).fileId;

  // 食品经营许可（新办） at the city level, every required material attached (the same small PDF).
  const application = JSON.stringify({
    itemCode: 'SCJG-XK-007-01',
    regionCode: '411200',
    form: {
      entName: '峡州市通办餐饮管理有限公司',
      uscc: '91411200MA9XKT2L7X',
      legalRep: '李明远',
      premises: '峡州市峡江区滨江路88号',
      mainBusiness: '餐饮服务经营者',
      businessItems: ['热食类食品制售'],
      online: false,
      area: 120,
      phone: '13937120002',
    },
    materials: ['m1', 'm2', 'm3', 'm4', 'm5'].map((materialId) => ({ materialId, fileId })),
    delivery: { mode: 'window' },
  });
  const accept = JSON.stringify({ action: 'accept' });
  const pair = async () => {
    const s = await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${enterprise}`, 'content-type': 'application/json' },
      body: application,
    });
    if (s.status !== 201) throw new Error(`submit: ${s.status} ${await s.text()}`);
    const { id } = (await s.json()) as { id: string };
    const a = await fetch(`${base}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
      body: accept,
    });
    if (a.status !== 200) throw new Error(`accept: ${a.status} ${await a.text()}`);
  };
  return { enterprise, clerk, application, accept, pair };
}

type Admin = <T>(database: string, fn: (c: pg.Client) => Promise<T>) => Promise<T>;

/**
 * The server's stderr log file: pg_current_logfile() when the logging collector writes it, else the
 * file the Debian/Ubuntu wrapper (pg_ctlcluster) sends the server's stderr to.
 */
async function serverLogFile(admin: Admin, adminDb: string): Promise<string> {
  const s = await admin(adminDb, async (c) => {
    const r = await c.query<{ file: string | null; dir: string; version: string; prefix: string }>(
      `select pg_current_logfile('stderr') as file, current_setting('data_directory') as dir,
              current_setting('server_version_num') as version, current_setting('log_line_prefix') as prefix`,
    );
    return r.rows[0]!;
  });
  // The capture tells its database's statements from other sessions' by the %d in each line.
  if (!s.prefix.includes('%d'))
    throw new Error(`log_line_prefix (${s.prefix}) has no %d: the capture cannot tell databases apart`);
  if (s.file) return isAbsolute(s.file) ? s.file : join(s.dir, s.file);
  const debian = `/var/log/postgresql/postgresql-${Math.floor(Number(s.version) / 10000)}-main.log`;
  if (existsSync(debian)) return debian;
  const dir = '/var/log/postgresql';
  const newest = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.log'))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
    : undefined;
  if (!newest) throw new Error('no server log found (no logging collector, nothing in /var/log/postgresql)');
  return newest;
}

function readFrom(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface Replay {
  logFile: string;
  scriptFile: string;
  script: string;
  /** `-D name=value` for every constant parameter. */
  defineArgs: string[];
  statements: number;
  transactions: number;
  freshIds: number;
}

export interface CaptureOptions<D> {
  admin: Admin;
  adminDb: string;
  dbUrl: (database: string) => string;
  serverData: (url: string, dataDir: string) => D;
  startServer: (data: D) => Promise<{ worker: Worker; base: string }>;
  stopServer: (worker: Worker) => Promise<void>;
  /** The app's DATA_DIR (its key files seal the demo accounts: seed, capture and bench share it). */
  dataDir: string;
  scratch: string;
  casesDb: string;
  replayDb: string;
}

/**
 * Seeds casesDb (the app's own start-up: migrations, catalog, demo accounts), copies it to replayDb,
 * and on the copy logs every statement of one app instance (ALTER DATABASE … SET log_statement, which
 * reaches only that database's new sessions). After two pairs that warm the app's caches, the third
 * pair's statements are read from the server log and become the replay script. The copy holds that
 * pair's session, applicant and file, so the replayed lookups find what the app found.
 */
export async function captureReplay<D>(o: CaptureOptions<D>): Promise<Replay> {
  const logFile = await serverLogFile(o.admin, o.adminDb);
  const seeding = await o.startServer(o.serverData(o.dbUrl(o.casesDb), o.dataDir));
  await o.stopServer(seeding.worker);
  await o.admin(o.adminDb, async (c) => {
    await c.query(`create database ${o.replayDb} template ${o.casesDb}`);
    await c.query(`alter database ${o.replayDb} set log_statement = 'all'`);
  });
  let text: string;
  try {
    const app = await o.startServer(o.serverData(o.dbUrl(o.replayDb), o.dataDir));
    try {
      const client = await benchClient(app.base);
      await client.pair();
      await client.pair();
      const offset = statSync(logFile).size;
      await client.pair();
      // The server writes each line as it logs it; give the last one a moment to land.
      await new Promise((r) => setTimeout(r, 500));
      text = readFrom(logFile, offset);
    } finally {
      await o.stopServer(app.worker);
    }
  } finally {
    await o.admin(o.adminDb, (c) => c.query(`alter database ${o.replayDb} reset log_statement`));
  }
  const logged = parseStatementLog(text, o.replayDb);
  if (!logged.some((s) => /^\s*insert\s+into\s+"?cases"?/i.test(s.sql)))
    throw new Error(`the log (${logFile}) shows no insert into cases for the captured pair`);
  const replay = toPgbenchScript(logged);
  const scriptFile = join(o.scratch, 'replay.sql');
  writeFileSync(scriptFile, replay.script);
  return {
    logFile,
    scriptFile,
    script: replay.script,
    defineArgs: Object.entries(replay.defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    statements: replay.statements,
    transactions: logged.filter((s) => /^\s*begin\b/i.test(s.sql)).length,
    freshIds: replay.freshIds,
  };
}
