import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, record } from '../../src/platform/audit/index.js';
import { createKeyStore } from '../../src/platform/crypto/keystore.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { ENGINES } from '../helpers/engines.js';

const GRANTS = new URL('../../deploy/postgres/grants.sql', import.meta.url).pathname;

// Privileges exist on PostgreSQL only (PGlite has one user); the triggers are tested on both engines.
const onPostgres = ENGINES.includes('postgres') ? describe : () => {};

onPostgres('production privileges of the audit log (deploy/postgres/grants.sql)', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const suffix = randomBytes(4).toString('hex');
  const schema = `g_${suffix}`;
  const role = `tongban_app_${suffix}`;
  let owner: pg.Client;
  let app: DatabaseHandle;
  const keyDir = mkdtempSync(join(tmpdir(), 'tongban-grants-'));

  const asOwner = (q: string) => owner.query(q);
  const appUrl = () => {
    const u = new URL(url);
    u.username = role;
    return u.toString();
  };

  beforeAll(async () => {
    owner = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await owner.connect();
    await asOwner(`create schema ${schema}`);
    await asOwner(`create role ${role} login`);
    const ownerDb = await openDatabase({ url, schema, maxConnections: 2 });
    await migrate(ownerDb.db);
    await ownerDb.close();
    const grants = readFileSync(GRANTS, 'utf8')
      .replace(/\bpublic\b/g, schema)
      .replace(/\btongban_app\b/g, role);
    await asOwner(grants);
    // The application's own connection, as the restricted role.
    app = await openDatabase({ url: appUrl(), schema, maxConnections: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await asOwner(`drop schema ${schema} cascade`);
    await asOwner(`drop owned by ${role}`);
    await asOwner(`drop role ${role}`);
    await owner.end();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('lets the application insert, chain and read, and refuses every change or removal', async () => {
    await record(app.db, { action: 'auth.login', actor: { id: null, name: 'demo-clerk', role: null } });
    await record(app.db, { action: 'case.accept', actor: { id: 'a1', name: 'demo-clerk', role: 'window' } });
    const audit = createAuditLog(app.db, createKeyStore(keyDir));
    expect(await audit.chain()).toMatchObject({ chained: 2 });
    expect(await audit.checkpoint()).toMatchObject({ chainPos: 2 });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 2 });
    // A restart as the application role finds nothing to migrate and changes nothing.
    expect((await migrate(app.db)).applied).toEqual([]);

    const c = new pg.Client({ connectionString: appUrl(), options: `-c search_path=${schema}` });
    await c.connect();
    try {
      for (const q of [
        `update audit_log set outcome = 'failure'`,
        `delete from audit_log`,
        `truncate audit_log`,
        `delete from audit_checkpoints`,
        `update audit_checkpoints set chain_pos = 1`,
        `alter table audit_log disable trigger audit_log_guard`,
        `drop table audit_log`,
      ]) {
        await expect(c.query(q), q).rejects.toThrow(/permission denied|must be owner/);
      }
      // The one column grant the chainer needs is still no way to rewrite a chained row: the trigger.
      await expect(c.query(`update audit_log set hash = 'x'`)).rejects.toThrow(/append-only/);
    } finally {
      await c.end();
    }
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 2 });
  });
});
