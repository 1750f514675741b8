// Concurrent 申请 + 受理 over HTTP against PostgreSQL, as a ratio to pgbench's simple-update TPS on the
// same server in the same run (docs/perf.md has the method and the results).
// Run: npx tsx bench/cases.ts [--duration 20] [--warmup 5] [--connections 50] [--rounds 1] [--pool N]
//      [--unprepared] [--scale 10] [--save-replay FILE]
//      (npm run bench:cases). Needs a local PostgreSQL with trust auth and pgbench on the PATH;
//      BENCH_ADMIN_URL overrides postgres://postgres@127.0.0.1:5432/postgres.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { benchClient, captureReplay } from './capture.js';
import {
  type PgbenchResult,
  parseHistogram,
  printRound,
  quantiles,
  type RoundResult,
  routeQuantiles,
  type Series,
  type Summary,
  summarise,
} from './report.js';

/** /metrics answers only with its token (contract: Health and operations). */
const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

const CASES_DB = 'tongban_bench';
const PGBENCH_DB = 'pgbench_bench';
/** A copy of the seeded CASES_DB, where the captured pair is taken from and replayed. */
const REPLAY_DB = 'tongban_replay';
const SUBMIT_ROUTE = '/api/cases';
const ACTION_ROUTE = '/api/cases/:id/actions';
/** Asked for by a connection once the window has closed: a 404 that reads no session, table or file. */
const IDLE = { method: 'OPTIONS', path: '/api/bench-idle' };
/** How long the pairs under way at the end of the window may take to finish. */
const DRAIN_LIMIT_S = 30;

interface ServerData {
  url: string;
  dataDir: string;
  /** Pool size; undefined keeps the app's default (openDatabase: 20). */
  pool?: number;
  /** Named prepared statements (DB_PREPARED_STATEMENTS; on in the app by default, off with --unprepared). */
  prepared: boolean;
}

// ── The app, in a worker thread of this process: its event loop is not shared with the load generator.

async function serve(d: ServerData): Promise<void> {
  const port = parentPort!;
  const config = loadConfig({
    DATABASE_URL: d.url,
    LOG_LEVEL: 'silent',
    DATA_DIR: d.dataDir,
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    DB_PREPARED_STATEMENTS: d.prepared ? '1' : '0',
  });
  const database = d.pool
    ? await openDatabase({ url: d.url, maxConnections: d.pool, preparedStatements: d.prepared })
    : undefined;
  const app = await buildApp(config, {
    database,
    seedDemo: true,
    startJobs: false,
    loginRateLimitPerMinute: 100_000,
  });
  await app.http.listen({ host: '127.0.0.1', port: 0 });
  port.postMessage({ port: (app.http.server.address() as AddressInfo).port });
  port.on('message', async (m: 'stats' | 'close') => {
    if (m === 'stats') return port.postMessage(appStats());
    await app.close();
    await database?.close();
    port.postMessage({ closed: true });
  });
}

interface AppStats {
  /** How busy the app's event loop has been since it started (the main thread takes differences). */
  elu: EventLoopUtilization;
  /** CPU time of the app's thread (Linux, /proc; null elsewhere): unlike rates, hardly moved by other load. */
  cpuMs: number | null;
}

/** CPU time (user + system) of a process, or of the calling thread; null where /proc is missing. */
function cpuMsOf(who: number | 'thread-self'): number | null {
  try {
    const stat = readFileSync(`/proc/${who}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return null;
  }
}

function appStats(): AppStats {
  return { elu: performance.eventLoopUtilization(), cpuMs: cpuMsOf('thread-self') };
}

// ── The bench.

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '1' },
      pool: { type: 'string' },
      // The app's default since prepared statements went on; kept so older command lines still run.
      prepared: { type: 'boolean', default: false },
      unprepared: { type: 'boolean', default: false },
      scale: { type: 'string', default: '10' },
      'save-replay': { type: 'string' },
    },
  });
  const bounded = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be ${min}…${max}`);
    return n;
  };
  const duration = bounded('duration', args.duration, 1, 300);
  const warmup = bounded('warmup', args.warmup, 0, 60);
  const connections = bounded('connections', args.connections, 1, 90);
  const rounds = bounded('rounds', args.rounds, 1, 5);
  const pool = args.pool === undefined ? undefined : bounded('pool', args.pool, 1, 90);
  const scale = bounded('scale', args.scale, 1, 100);

  const adminUrl = new URL(process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname))
    throw new Error('the bench only runs against a PostgreSQL on this machine (loopback)');
  const dbUrl = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const pgArgs = [
    '-h',
    adminUrl.hostname,
    '-p',
    adminUrl.port || '5432',
    '-U',
    adminUrl.username || 'postgres',
  ];
  const admin = async <T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: dbUrl(database), connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const adminDb = adminUrl.pathname.slice(1) || 'postgres';
  const dropDatabases = () =>
    admin(adminDb, async (c) => {
      for (const name of [CASES_DB, PGBENCH_DB, REPLAY_DB])
        await c.query(`drop database if exists ${name} with (force)`);
    });

  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-bench-'));
  /** The generated replay script (kept apart from the app's DATA_DIR). */
  const scratch = mkdtempSync(join(tmpdir(), 'tongban-replay-'));
  let server: Worker | null = null;
  let ok = true;
  let summary: Summary | undefined;
  try {
    const info = await admin(adminDb, async (c) => {
      const r = await c.query<{ version: string; sync: string }>(
        `select version() as version, current_setting('synchronous_commit') as sync`,
      );
      return r.rows[0]!;
    });
    await dropDatabases();
    await admin(adminDb, async (c) => {
      await c.query(`create database ${CASES_DB}`);
      await c.query(`create database ${PGBENCH_DB}`);
    });
    console.log(`PostgreSQL: ${info.version.split(',')[0]} (synchronous_commit=${info.sync})`);
    console.log(
      `node ${process.version}; ${connections} connections, ${duration} s per run, ${rounds} round(s)`,
    );

    process.stdout.write(`pgbench -i -s ${scale} ${PGBENCH_DB} … `);
    await run('pgbench', [...pgArgs, '-i', '-q', '-s', String(scale), PGBENCH_DB], 300_000);
    console.log('done');

    // The fair floor: the statements one pair sends, captured from the server's statement log on a
    // copy of the seeded bench database, replayed by pgbench (bench/replay.ts, docs/perf.md).
    const replay = await captureReplay({
      admin,
      adminDb,
      dbUrl,
      serverData: (url, dir): ServerData => ({ url, dataDir: dir, pool, prepared: !args.unprepared }),
      startServer,
      stopServer,
      dataDir,
      scratch,
      casesDb: CASES_DB,
      replayDb: REPLAY_DB,
    });
    console.log(
      `captured ${replay.statements} statements of one pair from ${replay.logFile} ` +
        `(${replay.transactions} transactions; ${replay.freshIds} new ids drawn per replayed pair)`,
    );
    if (args['save-replay']) {
      const defines = replay.defineArgs.filter((_, i) => i % 2).map((d) => `-- -D ${d}`);
      writeFileSync(args['save-replay'], `${defines.join('\n')}\n${replay.script}`);
      console.log(`replay script written to ${args['save-replay']}`);
    }

    // The server: started in a worker thread, answering on a free loopback port.
    const data: ServerData = { url: dbUrl(CASES_DB), dataDir, pool, prepared: !args.unprepared };
    const started = await startServer(data);
    server = started.worker;
    const base = started.base;
    console.log(
      `app on ${base} (pool ${pool ?? 'default 20'}${args.unprepared ? ', unprepared statements' : ''})`,
    );
    const { enterprise, clerk, application, accept } = await benchClient(base);

    // Each connection loops: submit as the enterprise, then accept that very case as the clerk. Latency
    // per request type is timed here from the moment the request is built (just before it is written).
    // Once the window closes no new pair starts (a connection asks for a cheap 404 instead), and when
    // the pairs under way have finished the run stops: no write is cut off, so the database can be
    // checked against the responses exactly. Only what completes inside the window is counted.
    const totals = { submitted: 0, accepted: 0, failed: 0, cutOff: 0 };
    const stats = () =>
      new Promise<AppStats>((resolve) => {
        server!.once('message', resolve);
        server!.postMessage('stats');
      });
    const load = async (seconds: number) => {
      const first = await stats();
      const clientFirst = cpuMsOf('thread-self'); // this thread: autocannon, the load generator
      const dbFirst = await backendCpu(CASES_DB);
      let last: Promise<AppStats> | undefined;
      let dbLast: Promise<Map<number, number>> | undefined;
      let clientLast: number | null = null;
      const start = performance.now();
      const end = start + seconds * 1000;
      const samples = { submit: [] as number[], accept: [] as number[] };
      const inWindow = { submitted: 0, accepted: 0, failed: 0 };
      let draining = false;
      let pairsUnderWay = 0;
      const done = (t0: number, kind: 'submit' | 'accept', ok: boolean) => {
        const now = performance.now();
        if (ok) totals[kind === 'submit' ? 'submitted' : 'accepted']++;
        else totals.failed++;
        if (now > end) return;
        samples[kind].push(now - t0);
        if (!ok) inWindow.failed++;
        else if (kind === 'submit') inWindow.submitted++;
        else inWindow.accepted++;
      };
      const pairDone = () => {
        if (--pairsUnderWay === 0 && draining) instance.stop();
      };
      const instance = autocannon({
        url: base,
        connections,
        duration: seconds + DRAIN_LIMIT_S,
        timeout: 30,
        // stop() takes effect at the next sample tick: keep the drain short.
        sampleInt: 100,
        requests: [
          {
            method: 'POST',
            path: '/api/cases',
            headers: { authorization: `Bearer ${enterprise}`, 'content-type': 'application/json' },
            body: application,
            setupRequest(req, ctx) {
              ctx.idle = draining;
              if (draining) return { ...req, ...IDLE, headers: {}, body: '' };
              pairsUnderWay++;
              ctx.t0 = performance.now();
              return req;
            },
            onResponse(status, body, ctx) {
              if (ctx.idle) return;
              done(ctx.t0 as number, 'submit', status === 201);
              if (status === 201) ctx.caseId = (JSON.parse(body) as { id: string }).id;
              else pairDone();
            },
          },
          {
            method: 'POST',
            headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
            body: accept,
            setupRequest(req, ctx) {
              // No case from the submit (or idle): start the sequence again.
              if (!ctx.caseId) return null;
              ctx.t0 = performance.now();
              return { ...req, path: `/api/cases/${ctx.caseId}/actions` };
            },
            onResponse(status, _body, ctx) {
              done(ctx.t0 as number, 'accept', status === 200);
              pairDone();
            },
          },
        ],
      });
      const timer = setTimeout(() => {
        draining = true;
        last = stats();
        clientLast = cpuMsOf('thread-self');
        dbLast = backendCpu(CASES_DB);
        if (pairsUnderWay === 0) instance.stop();
      }, seconds * 1000);
      const result = await instance;
      clearTimeout(timer);
      totals.cutOff += pairsUnderWay;
      const atEnd = await (last ?? stats());
      const app = {
        busy: performance.eventLoopUtilization(atEnd.elu, first.elu).utilization,
        cpuMs: atEnd.cpuMs !== null && first.cpuMs !== null ? atEnd.cpuMs - first.cpuMs : null,
        // Backends the pool opened during the window count from zero (their start-up is part of it).
        dbCpuMs: cpuBetween(dbFirst, await (dbLast ?? backendCpu(CASES_DB))),
        clientCpuMs: clientLast !== null && clientFirst !== null ? clientLast - clientFirst : null,
      };
      return { result, samples, inWindow, app };
    };

    const metrics = async () =>
      parseHistogram(
        await (
          await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })
        ).text(),
      );
    // Dirty pages of the previous run are flushed before each measured run, not during it.
    const checkpoint = () => admin(adminDb, (c) => c.query('checkpoint'));
    // CPU time of the server processes (backends) working for one database, by pid.
    const backendCpu = (database: string) =>
      admin(adminDb, async (c) => {
        const r = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
          database,
        ]);
        return new Map(r.rows.map(({ pid }) => [pid, cpuMsOf(pid) ?? 0]));
      });
    const cpuBetween = (a: Map<number, number>, b: Map<number, number>) =>
      [...b].reduce((sum, [pid, ms]) => sum + ms - (a.get(pid) ?? 0), 0);

    // One pgbench run, with CPU per transaction sampled inside it (connections are up after a
    // second, still up a second before the end): the server processes, and pgbench itself.
    const pgbenchRun = async (argv: string[], database: string): Promise<PgbenchResult> => {
      const pgbench = start('pgbench', argv, (duration + 120) * 1000);
      let pgCpu: { dbMs: number; clientMs: number; seconds: number } | null = null;
      if (duration >= 5) {
        await sleep(1000);
        const [a, ca, ta] = [await backendCpu(database), cpuMsOf(pgbench.pid), performance.now()];
        await sleep((duration - 2.5) * 1000);
        const [b, cb, tb] = [await backendCpu(database), cpuMsOf(pgbench.pid), performance.now()];
        pgCpu = { dbMs: cpuBetween(a, b), clientMs: (cb ?? 0) - (ca ?? 0), seconds: (tb - ta) / 1000 };
      }
      const out = await pgbench.output;
      const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
      if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${out}`);
      return {
        tps,
        latencyMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]),
        processed: Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]),
        failed: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
        dbCpuPerTxnMs: pgCpu ? pgCpu.dbMs / (tps * pgCpu.seconds) : null,
        clientCpuPerTxnMs: pgCpu ? pgCpu.clientMs / (tps * pgCpu.seconds) : null,
      };
    };
    const countCases = (database: string) =>
      admin(database, async (c) => Number((await c.query('select count(*) as n from cases')).rows[0].n));
    const replayChecks: { processed: number; failed: number; newCases: number }[] = [];
    // The replay wrote whole pairs: each accept's audit entry names a case the replay created.
    const strayAudits = () =>
      admin(REPLAY_DB, async (c) =>
        Number(
          (
            await c.query(
              `select count(*) as n from audit_log a where a.action = 'case.accept'
                 and not exists (select 1 from cases c where a.object = 'case:' || c.id::text)`,
            )
          ).rows[0].n,
        ),
      );

    if (warmup) {
      process.stdout.write(`warm-up ${warmup} s … `);
      const w = await load(warmup);
      console.log(`${w.inWindow.accepted} pairs`);
    }

    const roundsOut: RoundResult[] = [];
    for (let r = 1; r <= rounds; r++) {
      await settle();
      await checkpoint();
      const load1 = loadavg()[0]!;
      const before = await metrics();
      const { result, samples, inWindow, app } = await load(duration);
      const after = await metrics();
      const all = [...samples.submit, ...samples.accept];

      const common = ['-c', String(connections), '-j', '2', '-T', String(duration), '-M', 'prepared'];
      await checkpoint();
      const simple = await pgbenchRun([...pgArgs, '-b', 'simple-update', ...common, PGBENCH_DB], PGBENCH_DB);
      // The replay: -n, because its database has no pgbench_* tables to vacuum.
      await checkpoint();
      const replayCasesBefore = await countCases(REPLAY_DB);
      const replayed = await pgbenchRun(
        [...pgArgs, '-n', '-f', replay.scriptFile, ...replay.defineArgs, ...common, REPLAY_DB],
        REPLAY_DB,
      );
      replayChecks.push({
        processed: replayed.processed,
        failed: replayed.failed,
        newCases: (await countCases(REPLAY_DB)) - replayCasesBefore,
      });

      const round: RoundResult = {
        pairsPerSec: inWindow.accepted / duration,
        reqPerSec: all.length / duration,
        submits: inWindow.submitted,
        pairs: inWindow.accepted,
        failed: inWindow.failed,
        errors: result.errors + result.timeouts,
        overall: quantiles(all),
        submit: quantiles(samples.submit),
        accept: quantiles(samples.accept),
        server: {
          submit: routeQuantiles(before, after, 'POST', SUBMIT_ROUTE),
          accept: routeQuantiles(before, after, 'POST', ACTION_ROUTE),
        },
        pgbench: simple,
        replay: replayed,
        load1,
        busy: app.busy,
        cpuPerPairMs: app.cpuMs === null ? null : app.cpuMs / inWindow.accepted,
        dbCpuPerPairMs: app.dbCpuMs / inWindow.accepted,
        clientCpuPerPairMs: app.clientCpuMs === null ? null : app.clientCpuMs / inWindow.accepted,
        cpuShare: app.cpuMs === null ? null : app.cpuMs / (duration * 1000),
      };
      roundsOut.push(round);
      printRound(r, round);
    }

    // Correctness, after the server has finished every request it accepted.
    const served = await metrics();
    await stopServer(server);
    server = null;
    const count = (m: Map<string, Series>, route: string, status: string) =>
      [...m.values()]
        .filter((s) => s.route === route && s.method === 'POST' && s.status === status)
        .reduce((a, s) => a + s.count, 0);
    const server5xx = [...served.values()]
      .filter((s) => s.status.startsWith('5'))
      .reduce((a, s) => a + s.count, 0);
    const db = await admin(CASES_DB, async (c) => {
      const one = async (q: string) => Number((await c.query<{ n: string }>(q)).rows[0]!.n);
      return {
        cases: await one('select count(*) as n from cases'),
        accepted: await one(`select count(*) as n from cases where status = 'accepted'`),
        acceptEvents: await one(
          `select count(*) as n from events where aggregate_type = 'case' and type = 'accept'`,
        ),
        notExactlyOne: await one(
          `select count(*) as n from cases c where c.status = 'accepted' and (select count(*) from events e
             where e.aggregate_type = 'case' and e.aggregate_id = c.id::text and e.type = 'accept') <> 1`,
        ),
        submittedEvents: await one(
          `select count(*) as n from events where aggregate_type = 'case' and type = 'submitted'`,
        ),
        // The audit chain: one entry per acceptance, every entry linked (the app links what is left
        // when it closes, which it has by now).
        acceptAudits: await one(
          `select count(*) as n from audit_log where action = 'case.accept' and outcome = 'success'`,
        ),
        unchained: await one('select count(*) as n from audit_log where hash is null'),
      };
    });
    const strayReplayAudits = await strayAudits();
    const serverSubmits = count(served, SUBMIT_ROUTE, '201');
    const serverAccepts = count(served, ACTION_ROUTE, '200');
    const checks: [string, boolean][] = [
      [
        `cases in the database (${db.cases}) = submits answered 201 (${totals.submitted}; server ${serverSubmits})`,
        db.cases === totals.submitted && serverSubmits === totals.submitted,
      ],
      [`one 'submitted' event per case (${db.submittedEvents})`, db.submittedEvents === db.cases],
      [
        `accepted cases (${db.accepted}) = accepts answered 200 (${totals.accepted}; server ${serverAccepts})`,
        db.accepted === totals.accepted && serverAccepts === totals.accepted,
      ],
      [
        `every accepted case has exactly one accept event (${db.acceptEvents} events, ${db.notExactlyOne} not one)`,
        db.notExactlyOne === 0 && db.acceptEvents === db.accepted,
      ],
      [
        `one audit entry per acceptance (${db.acceptAudits}), every audit entry chained (${db.unchained} not)`,
        db.acceptAudits === db.accepted && db.unchained === 0,
      ],
      [`no 5xx (server ${server5xx})`, server5xx === 0],
      [
        `every replayed audit entry names a replayed case (${strayReplayAudits} do not)`,
        strayReplayAudits === 0,
      ],
      ...replayChecks.map(({ processed, failed, newCases }, i): [string, boolean] => [
        `replay round ${i + 1}: no failed transaction (${failed}), one new case per replayed pair ` +
          `(${newCases} cases, ${processed} transactions; a pair under way at the end may add one)`,
        failed === 0 && processed > 0 && newCases >= processed && newCases <= processed + connections,
      ]),
      [
        `no failed submit or accept (${totals.failed}), socket error or timeout, no pair cut off (${totals.cutOff})`,
        totals.failed === 0 && totals.cutOff === 0 && roundsOut.every((r) => r.errors === 0),
      ],
    ];
    console.log('\ncorrectness');
    for (const [what, pass] of checks) console.log(`  ${pass ? 'ok  ' : 'FAIL'} ${what}`);
    ok = checks.every(([, pass]) => pass);

    summary = summarise(roundsOut);
  } finally {
    if (server) await server.terminate();
    await dropDatabases().catch((err) => console.error('could not drop the bench databases:', err));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
  // The last line of the run, for machines: the figures above as one JSON object.
  if (summary) console.log(JSON.stringify(summary));
  if (!ok) process.exitCode = 1;
}

// ── Helpers.

/** The app in a worker thread of this process (the same file, see the end), answering on loopback. */
async function startServer(data: ServerData): Promise<{ worker: Worker; base: string }> {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => {
      register();
      return import(${JSON.stringify(import.meta.url)});
    })`;
  const worker = new Worker(boot, { eval: true, workerData: data });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  return { worker, base: `http://127.0.0.1:${port}` };
}

/** Closes the app (its pool included) and ends the worker. */
async function stopServer(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.postMessage('close');
  });
  await worker.terminate();
}

const execFileP = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A command left running: its pid now, its output (stdout and stderr) when it ends. */
function start(cmd: string, argv: string[], timeoutMs: number): { pid: number; output: Promise<string> } {
  let child: ReturnType<typeof execFile> | undefined;
  const output = new Promise<string>((resolve, reject) => {
    child = execFile(cmd, argv, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      err ? reject(err) : resolve(`${stdout}\n${stderr}`),
    );
  });
  return { pid: child!.pid ?? -1, output };
}

async function run(cmd: string, argv: string[], timeoutMs: number): Promise<string> {
  const { stdout, stderr } = await execFileP(cmd, argv, { timeout: timeoutMs, maxBuffer: 16 << 20 });
  return `${stdout}\n${stderr}`;
}

/** Lets requests cut off by the end of a load run finish on the server. */
const settle = () => new Promise((r) => setTimeout(r, 1000));

// Last, so every helper above is initialised: the same file is the bench and, in a worker, the server.
if (isMainThread) await main();
else await serve(workerData as ServerData);
