import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir } from '../db/data-dir-lock.js';
import { compareSummaries, type DatabaseSummary, type RawQuery, summarize } from './snapshot.js';

/**
 * `npm run backup` / `npm run restore` (docs/operations-backup.md). PostgreSQL: pg_dump's custom format
 * taken from an exported snapshot, so the counts in the manifest are exactly what the dump holds while
 * the service keeps running; PGlite: the data directory's own dump (`dumpDataDir`), with the service
 * stopped. Each backup has a manifest beside it (`<file>.manifest.json`) with the file's SHA-256,
 * every table's row count and the audit chain's head; a restore checks the file against it first and
 * the restored database against it after, and fails loudly on any difference.
 */
export interface BackupManifest extends DatabaseSummary {
  format: 'tongban-backup/v1';
  engine: 'postgres' | 'pglite';
  createdAt: string;
  /** PostgreSQL: the schema dumped (null: the whole database). */
  schema: string | null;
  file: string;
  sha256: string;
}

export const manifestPath = (file: string) => `${file}.manifest.json`;

/** pg_dump / pg_restore: `PG_BIN` if set, else the newest under /usr/lib/postgresql, else PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  if (process.env.PG_BIN) return join(process.env.PG_BIN, name);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin', name);
  }
  return name;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? ok() : fail(new Error(`${cmd} exited with ${code}: ${err.trim().slice(0, 2000)}`)),
    );
  });
}

function sha256File(file: string): Promise<string> {
  return new Promise((ok, fail) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', fail)
      .on('end', () => ok(h.digest('hex')));
  });
}

function pgClient(url: string, schema: string | null) {
  return new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
}

const rawPg =
  (c: pg.Client): RawQuery =>
  async (text) =>
    (await c.query(text)).rows;

const rawLite =
  (l: PGlite): RawQuery =>
  async (text) =>
    (await l.query<Record<string, unknown>>(text)).rows;

async function writeManifest(m: BackupManifest): Promise<BackupManifest> {
  writeFileSync(manifestPath(m.file), `${JSON.stringify(m, null, 2)}\n`);
  return m;
}

export async function backupPostgres(opts: {
  url: string;
  file: string;
  schema?: string | null;
}): Promise<BackupManifest> {
  const schema = opts.schema ?? null;
  mkdirSync(dirname(resolve(opts.file)), { recursive: true });
  const c = pgClient(opts.url, schema);
  await c.connect();
  try {
    await c.query('begin isolation level repeatable read read only');
    const snapshot = String((await c.query('select pg_export_snapshot() as s')).rows[0].s);
    const summary = await summarize(rawPg(c));
    await run(pgTool('pg_dump'), [
      '--format=custom',
      `--snapshot=${snapshot}`,
      `--file=${opts.file}`,
      ...(schema ? [`--schema=${schema}`] : []),
      `--dbname=${opts.url}`,
    ]);
    await c.query('commit');
    return writeManifest({
      format: 'tongban-backup/v1',
      engine: 'postgres',
      createdAt: new Date().toISOString(),
      schema,
      file: resolve(opts.file),
      sha256: await sha256File(opts.file),
      ...summary,
    });
  } finally {
    await c.end();
  }
}

export async function backupPglite(opts: { dataDir: string; file: string }): Promise<BackupManifest> {
  const dir = resolve(opts.dataDir, 'pglite');
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new Error(`${dir} 中没有嵌入式数据库`);
  mkdirSync(dirname(resolve(opts.file)), { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    const lite = await PGlite.create(dir);
    try {
      const summary = await summarize(rawLite(lite));
      const dump = await lite.dumpDataDir('gzip');
      writeFileSync(opts.file, Buffer.from(await dump.arrayBuffer()));
      return writeManifest({
        format: 'tongban-backup/v1',
        engine: 'pglite',
        createdAt: new Date().toISOString(),
        schema: null,
        file: resolve(opts.file),
        sha256: await sha256File(opts.file),
        ...summary,
      });
    } finally {
      await lite.close();
    }
  } finally {
    unlock();
  }
}

export function readManifest(file: string): BackupManifest {
  const m = JSON.parse(readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
  if (m.format !== 'tongban-backup/v1') throw new Error(`${manifestPath(file)} 不是通办备份清单`);
  return m;
}

export interface RestoreResult {
  manifest: BackupManifest;
  restored: DatabaseSummary;
  /** Differences from the manifest; a restore with any is a failed restore. */
  differences: string[];
}

async function checkFile(file: string): Promise<BackupManifest> {
  const manifest = readManifest(file);
  const sha = await sha256File(file);
  if (sha !== manifest.sha256)
    throw new Error(`${file} 与其清单不符（SHA-256 不同）：备份文件已损坏或被改动`);
  return manifest;
}

/** Into an empty database (or schema): pg_restore in one transaction, then the comparison. */
export async function restorePostgres(opts: {
  url: string;
  file: string;
  noPrivileges?: boolean;
}): Promise<RestoreResult> {
  const manifest = await checkFile(opts.file);
  if (manifest.engine !== 'postgres')
    throw new Error('这是嵌入式数据库（PGlite）的备份，请在未设置 DATABASE_URL 时恢复');
  const schema = manifest.schema ?? 'public';
  const c = pgClient(opts.url, schema);
  await c.connect();
  try {
    const { rows } = await c.query(
      `select count(*)::int as n from information_schema.tables where table_schema = $1`,
      [schema],
    );
    if (rows[0].n > 0)
      throw new Error(
        `目标数据库的 ${schema} 模式中已有 ${rows[0].n} 张表：只能恢复到空数据库（或先删除该模式）`,
      );
    await run(pgTool('pg_restore'), [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      ...(opts.noPrivileges ? ['--no-privileges'] : []),
      `--dbname=${opts.url}`,
      opts.file,
    ]);
    const restored = await summarize(rawPg(c));
    return { manifest, restored, differences: compareSummaries(manifest, restored) };
  } finally {
    await c.end();
  }
}

/**
 * Into DATA_DIR/pglite, which must not hold a database unless `force` (then it is kept aside as
 * `pglite.replaced-<time>`, never deleted).
 */
export async function restorePglite(opts: {
  dataDir: string;
  file: string;
  force?: boolean;
}): Promise<RestoreResult & { replacedDir: string | null }> {
  const manifest = await checkFile(opts.file);
  if (manifest.engine !== 'pglite') throw new Error('这是 PostgreSQL 的备份，请设置 DATABASE_URL 后恢复');
  const dir = resolve(opts.dataDir, 'pglite');
  let replacedDir: string | null = null;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!opts.force) throw new Error(`${dir} 中已有数据库：加 --force 将其移到一旁后恢复`);
    const release = lockDataDir(dir); // refuses while the service runs
    release();
    replacedDir = `${dir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, replacedDir);
  }
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    const lite = await PGlite.create(dir, { loadDataDir: new Blob([readFileSync(opts.file)]) });
    try {
      const restored = await summarize(rawLite(lite));
      return { manifest, restored, differences: compareSummaries(manifest, restored), replacedDir };
    } finally {
      await lite.close();
    }
  } finally {
    unlock();
  }
}
