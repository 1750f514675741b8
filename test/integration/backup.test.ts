import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { record } from '../../src/platform/audit/index.js';
import { verifyAudit } from '../../src/platform/audit/verify.js';
import { readManifest } from '../../src/platform/backup/backup.js';
import { type DatabaseSummary, summarize } from '../../src/platform/backup/snapshot.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Db, openDatabase } from '../../src/platform/db/database.js';
import { startTestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { ENGINES } from '../helpers/engines.js';

const raw = (db: Db) => async (text: string) =>
  (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;

/** Something in every kind of table: a login, a case, audit entries chained and signed. */
async function activity(db: Db, audit: { chain(): Promise<unknown>; checkpoint(): Promise<unknown> }) {
  for (let i = 0; i < 3; i++)
    await record(db, {
      action: 'case.accept',
      object: `case:${i}`,
      actor: { id: 'a1', name: 'demo-clerk', role: 'window' },
    });
  await audit.checkpoint();
}

function expectSameDatabase(before: DatabaseSummary, after: DatabaseSummary) {
  expect(Object.keys(after.tables).sort()).toEqual(Object.keys(before.tables).sort());
  expect(after.tables).toEqual(before.tables);
  expect(after.auditHead).toEqual(before.auditHead);
  expect(before.auditHead?.chainPos).toBeGreaterThan(3);
  expect(Object.values(before.tables).filter((n) => n > 0).length).toBeGreaterThan(10);
}

describe('backup and restore of the embedded engine', () => {
  const work = mkdtempSync(join(tmpdir(), 'tongban-backup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('restores a PGlite dump into a fresh data directory with every table and the audit head', async () => {
    const from = join(work, 'from');
    const app = await buildApp(loadConfig({ DATA_DIR: from, LOG_LEVEL: 'silent' }), {
      seedDemo: true,
      serveWeb: false,
      startJobs: false,
    });
    const login = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'demo-clerk', password: 'Tongban@2026' },
    });
    expect(login.statusCode).toBe(200);
    await activity(app.database.db, app.audit);
    await app.close();

    const file = join(work, 'tongban.tar.gz');
    const backup = runCli('backup', ['--out', file], { DATA_DIR: from });
    expect(backup.code, backup.out).toBe(0);
    expect(existsSync(`${file}.manifest.json`)).toBe(true);

    const to = join(work, 'to');
    const restore = runCli('restore', [file], { DATA_DIR: to });
    expect(restore.code, restore.out).toBe(0);
    expect(restore.stdout).toMatch(/与备份清单一致/);
    // A second restore onto a database refuses rather than overwrite it.
    const again = runCli('restore', [file], { DATA_DIR: to });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--force/);
    const forced = runCli('restore', [file, '--force'], { DATA_DIR: to });
    expect(forced.code, forced.out).toBe(0);
    expect(forced.stdout).toMatch(/原数据库已移到 .*pglite\.replaced-/);

    const a = await openDatabase({ dataDir: from });
    const before = await summarize(raw(a.db));
    await a.close();
    const b = await openDatabase({ dataDir: to });
    try {
      expectSameDatabase(before, await summarize(raw(b.db)));
      expect(readManifest(file).tables).toEqual(before.tables);
      const keys = JSON.parse(readFileSync(join(from, 'keys', 'audit', 'public-keys.json'), 'utf8')).keys;
      expect(await verifyAudit(b.db, keys)).toMatchObject({ ok: true, checkpoints: 1 });
    } finally {
      await b.close();
    }
  }, 300_000);
});

// pg_dump round trip wherever the PostgreSQL engine is tested (ENGINES: TEST_DATABASE_URL set).
const onPostgres = ENGINES.includes('postgres') ? describe : () => {};
onPostgres('backup and restore on PostgreSQL', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const work = mkdtempSync(join(tmpdir(), 'tongban-backup-pg-'));
  const target = `tongban_restore_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  afterAll(async () => {
    await admin(`drop database if exists ${target}`);
    rmSync(work, { recursive: true, force: true });
  });

  it('restores a pg_dump into a new database with every table and the audit head', async () => {
    const t = await startTestApp('postgres');
    try {
      await t.login('demo-clerk');
      await activity(t.app.database.db, t.app.audit);
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.app.database.db))
        .rows[0]!.s;
      const file = join(work, 'tongban.dump');
      const backup = runCli('backup', ['--out', file, '--schema', schema], { DATABASE_URL: url });
      expect(backup.code, backup.out).toBe(0);
      const before = await summarize(raw(t.app.database.db));

      await admin(`create database ${target}`);
      const targetUrl = url.replace(/\/[^/?]+(\?|$)/, `/${target}$1`);
      const restore = runCli('restore', [file], { DATABASE_URL: targetUrl });
      expect(restore.code, restore.out).toBe(0);

      const restored = await openDatabase({ url: targetUrl, schema });
      try {
        expectSameDatabase(before, await summarize(raw(restored.db)));
      } finally {
        await restored.close();
      }
      // The restored chain verifies with the keys that signed it, through the CLI an operator would run.
      const verify = runCli(
        'audit-verify',
        ['--schema', schema, '--keys', join(t.app.audit.keys.dir, 'public-keys.json')],
        {
          DATABASE_URL: targetUrl,
        },
      );
      expect(verify.code, verify.out).toBe(0);
      expect(verify.stdout).toContain(`审计日志完整：${before.tables.audit_log} 条记录`);

      // Into a database that already holds the schema: refused, nothing overwritten.
      const twice = runCli('restore', [file], { DATABASE_URL: targetUrl });
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/只能恢复到空数据库/);
    } finally {
      await t.close();
    }
  }, 300_000);
});
