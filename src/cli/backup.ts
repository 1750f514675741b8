import { parseArgs } from 'node:util';
import { backupPglite, backupPostgres } from '../platform/backup/backup.js';
import { DataDirInUse } from '../platform/db/data-dir-lock.js';

/**
 * npm run backup [-- --out FILE] [--schema S]
 *
 * PostgreSQL (DATABASE_URL): pg_dump custom format from one snapshot, while the service runs.
 * Embedded (DATA_DIR): the PGlite data directory's dump, with the service stopped.
 * Writes FILE and FILE.manifest.json (SHA-256, row counts, audit chain head). See docs/operations-backup.md.
 */
const { values } = parseArgs({ options: { out: { type: 'string' }, schema: { type: 'string' } } });
const url = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || './data';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file =
  values.out ?? `backups/tongban-${url ? 'postgres' : 'pglite'}-${stamp}.${url ? 'dump' : 'tar.gz'}`;

try {
  const m = url
    ? await backupPostgres({ url, file, schema: values.schema ?? null })
    : await backupPglite({ dataDir, file });
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`备份完成：${m.file}`);
  console.log(`清单：${m.file}.manifest.json（${Object.keys(m.tables).length} 张表，${rows} 行）`);
  console.log(m.auditHead ? `审计链头：第 ${m.auditHead.chainPos} 条 ${m.auditHead.hash}` : '审计链：空');
} catch (e) {
  console.error(`备份失败：${(e as Error).message}`);
  process.exit(e instanceof DataDirInUse ? 3 : 1);
}
