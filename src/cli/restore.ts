import { parseArgs } from 'node:util';
import { restorePglite, restorePostgres } from '../platform/backup/backup.js';
import { DataDirInUse } from '../platform/db/data-dir-lock.js';

/**
 * npm run restore -- FILE [--force] [--no-privileges]
 *
 * Restores a backup into DATABASE_URL (an empty database) or DATA_DIR (no database yet, or --force to
 * move the existing one aside), then compares every table's row count and the audit chain's head with
 * the backup's manifest. Exit code 0 identical, 1 failed or different, 2 usage, 3 data directory in use.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    force: { type: 'boolean', default: false },
    'no-privileges': { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: npm run restore -- FILE [--force] [--no-privileges]');
  process.exit(2);
}
const url = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || './data';

try {
  const r = url
    ? await restorePostgres({ url, file, noPrivileges: values['no-privileges'] })
    : await restorePglite({ dataDir, file, force: values.force });
  if ('replacedDir' in r && r.replacedDir) console.log(`原数据库已移到 ${r.replacedDir}`);
  if (r.differences.length) {
    console.error('恢复结果与备份清单不一致：');
    for (const d of r.differences) console.error(`  ${d}`);
    process.exit(1);
  }
  const rows = Object.values(r.restored.tables).reduce((a, b) => a + b, 0);
  console.log(`恢复完成：${Object.keys(r.restored.tables).length} 张表、${rows} 行与备份清单一致`);
  console.log(
    r.restored.auditHead
      ? `审计链头一致：第 ${r.restored.auditHead.chainPos} 条 ${r.restored.auditHead.hash}`
      : '审计链：空',
  );
  console.log('请随后运行 npm run audit:verify 核验审计链。');
} catch (e) {
  console.error(`恢复失败：${(e as Error).message}`);
  process.exit(e instanceof DataDirInUse ? 3 : 1);
}
