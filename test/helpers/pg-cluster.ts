import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL cluster of the test's own, on its own port, so that a test may stop and restart the
 * server without disturbing any other test file. Trust authentication on 127.0.0.1 and a socket in
 * the cluster's directory. Tests run as root here and initdb refuses root: the server runs as the
 * `postgres` system user when the tests run as root.
 */
export interface PgCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  start(): Promise<void>;
  /** Fast shutdown: open sessions are ended, as an operator or a failover would. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /**
   * SIGSTOPs the server and all its backends: connections stay open but nothing answers, as on a
   * frozen host or across a network partition. `thaw()` resumes them.
   */
  freeze(): void;
  thaw(): void;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(`no PostgreSQL server binaries under ${root} (apt-get install postgresql)`);
  return join(root, versions[0], 'bin');
}

/** Runs a server binary as `postgres` when we are root (initdb and postgres refuse root). */
function asServerUser(bin: string, args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', bin, ...args] : [bin, ...args];
}

function run(bin: string, args: string[]): void {
  const [cmd, ...rest] = asServerUser(bin, args);
  const r = spawnSync(cmd!, rest, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

/**
 * The ports a test file may use for its cluster: `slot` picks every third of 55440-55459 (slot 0:
 * 55440, 55443, …), so files on different slots never meet. More than one, because these ports lie in
 * Linux's ephemeral range: any outgoing connection on the machine may hold one for a while.
 */
export function clusterPorts(slot: 0 | 1 | 2): number[] {
  const ports: number[] = [];
  for (let p = 55440 + slot; p <= 55459; p += 3) ports.push(p);
  return ports;
}

const ADDRESS_IN_USE = /Address already in use|could not create any TCP\/IP sockets/;

export async function startPgCluster(candidates: number[]): Promise<PgCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), `tongban-pg-${candidates[0]}-`));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  chmodSync(dir, 0o700);
  try {
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let port = candidates[0]!;
  // fsync off: a clean restart loses nothing either way, and the machine is shared.
  const opts = () => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ctl = (...args: string[]) =>
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', ...args]);
  const urlOf = () => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const logSays = (r: RegExp) => existsSync(log) && r.test(readFileSync(log, 'utf8'));

  /** pg_ctl start, waiting out a port an outgoing connection holds for a moment. */
  async function startOnPort(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      rmSync(log, { force: true });
      try {
        ctl('-o', opts(), 'start');
        return;
      } catch (e) {
        if (!logSays(ADDRESS_IN_USE) || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async function waitUntilReady(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const c = new pg.Client({ connectionString: urlOf(), connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.query('select 1');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await c.end().catch(() => {});
      }
    }
    throw new Error(`PostgreSQL on port ${port} did not come up`);
  }

  function serverPids(): number[] {
    const main = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = spawnSync('pgrep', ['-P', String(main)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    return [main, ...children];
  }

  const cluster: PgCluster = {
    get port() {
      return port;
    },
    get url() {
      return urlOf();
    },
    async start() {
      await startOnPort();
      await waitUntilReady();
    },
    async stop() {
      ctl('-m', 'fast', 'stop');
    },
    async restart() {
      rmSync(log, { force: true });
      try {
        ctl('-m', 'fast', '-o', opts(), 'restart');
      } catch (e) {
        // Stopped, but the port was taken for a moment before the server could bind it again.
        if (!logSays(ADDRESS_IN_USE)) throw e;
        await startOnPort();
      }
      await waitUntilReady();
    },
    freeze() {
      for (const pid of serverPids()) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of serverPids()) process.kill(pid, 'SIGCONT');
    },
    async destroy() {
      try {
        cluster.thaw();
      } catch {
        // not running
      }
      if (existsSync(join(data, 'postmaster.pid'))) {
        try {
          ctl('-m', 'immediate', 'stop');
        } catch {
          // already stopped
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // The first candidate port that is free (see clusterPorts).
  for (let i = 0; ; i++) {
    port = candidates[i]!;
    rmSync(log, { force: true });
    try {
      ctl('-o', opts(), 'start');
      break;
    } catch (e) {
      if (i + 1 < candidates.length && logSays(ADDRESS_IN_USE)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }
  try {
    await waitUntilReady();
  } catch (e) {
    await cluster.destroy();
    throw e;
  }
  return cluster;
}

/**
 * Whether the PostgreSQL-only suites run: like test/helpers/engines.ts, they run when
 * TEST_DATABASE_URL is set (PostgreSQL is installed and expected) and are skipped, saying why, when
 * it is not; with CI=true engines.ts refuses to run without it.
 */
export function postgresSuitesEnabled(suite: string): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but TEST_DATABASE_URL is not set: ${suite} would be skipped`);
  console.warn(`skipped ${suite}: PostgreSQL-only, and TEST_DATABASE_URL is not set`);
  return false;
}

export interface AppProcess {
  port: number;
  base: string;
  child: ReturnType<typeof spawn>;
  /** Everything the process wrote, for a failure message. */
  output(): string;
  exited(): boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts `src/main.ts` as its own process (the way `npm start` does, without the web build). */
export function spawnApp(port: number, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited: () => exited,
    async kill(signal = 'SIGTERM') {
      if (!exited) child.kill(signal);
      await gone;
    },
  };
}

/** Waits until GET /healthz answers 200 (or the process dies). */
export async function waitHealthy(app: AppProcess, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (app.exited()) throw new Error(`app on ${app.port} exited during start-up:\n${app.output()}`);
    try {
      const r = await fetch(`${app.base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app on ${app.port} not healthy after ${timeoutMs} ms:\n${app.output()}`);
}
