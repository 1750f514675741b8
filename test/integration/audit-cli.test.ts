import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { record } from '../../src/platform/audit/index.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { runCli } from '../helpers/cli.js';

describe('npm run audit:verify on the embedded engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-audit-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir };

  it('refuses while the server holds the data directory, counts an intact chain once stopped, and names a changed entry', async () => {
    const app = await buildApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
      seedDemo: false,
      serveWeb: false,
      startJobs: false,
    });
    for (let i = 0; i < 5; i++)
      await record(app.database.db, {
        action: 'case.accept',
        object: `case:${i}`,
        actor: { id: 'a1', name: 'demo-clerk', role: 'window' },
      });
    await app.audit.checkpoint();
    await record(app.database.db, {
      action: 'auth.logout',
      actor: { id: 'a1', name: 'demo-clerk', role: 'window' },
    });

    const busy = runCli('audit-verify', [], env);
    expect(busy.code, busy.out).toBe(3);
    expect(busy.stderr).toMatch(/正被进程 \d+ 使用/);
    expect(busy.stderr).toMatch(/请先停止服务/);

    await app.close(); // links the last entries on the way out
    const db = await openDatabase({ dataDir });
    const count = Number(
      (await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db.db)).rows[0]!.n,
    );
    await db.close();

    const ok = runCli('audit-verify', [], env);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.stdout).toContain(`审计日志完整：${count} 条记录`);
    expect(ok.stdout).toMatch(/签名检查点：1 个/);

    const tamper = await openDatabase({ dataDir });
    const seq = Number(
      (await sql<{ seq: number }>`select seq from audit_log where chain_pos = 3`.execute(tamper.db)).rows[0]!
        .seq,
    );
    await sql`alter table audit_log disable trigger audit_log_guard`.execute(tamper.db);
    await sql`update audit_log set client = '6.6.6.6' where seq = ${seq}`.execute(tamper.db);
    await sql`alter table audit_log enable trigger audit_log_guard`.execute(tamper.db);
    await tamper.close();

    const broken = runCli('audit-verify', [], env);
    expect(broken.code, broken.out).toBe(1);
    expect(broken.stderr).toContain(`首个损坏的记录：链位置 3，seq ${seq}`);
  }, 240_000);
});
