import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { verifyAudit } from '../platform/audit/verify.js';
import { PUBLIC_KEYS_FILE, type PublicKeyInfo, readPublicKeyFile } from '../platform/crypto/keystore.js';
import { DataDirInUse } from '../platform/db/data-dir-lock.js';
import { type DatabaseHandle, openDatabase } from '../platform/db/database.js';

/**
 * npm run audit:verify [-- --keys public-keys.json] [--schema S] [--json]
 *
 * Walks the audit hash chain and checks the signed checkpoints against the audit public keys (from
 * the file given, else AUDIT_KEYS_DIR or DATA_DIR/keys/audit). Read-only. On the embedded engine the
 * service must be stopped (one process per data directory). Exit code 0 intact, 1 broken, 2 usage
 * or no audit log, 3 data directory in use.
 */
const { values } = parseArgs({
  options: {
    keys: { type: 'string' },
    schema: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const dataDir = process.env.DATA_DIR || './data';
const url = process.env.DATABASE_URL || undefined;

const keyFile =
  values.keys ?? join(process.env.AUDIT_KEYS_DIR || join(dataDir, 'keys', 'audit'), PUBLIC_KEYS_FILE);
let keys: PublicKeyInfo[] = [];
if (existsSync(keyFile)) keys = readPublicKeyFile(keyFile);
else if (values.keys) {
  console.error(`无法读取公钥文件 ${keyFile}`);
  process.exit(2);
}

let handle: DatabaseHandle;
try {
  handle = await openDatabase(url ? { url, schema: values.schema } : { dataDir });
} catch (e) {
  if (e instanceof DataDirInUse) {
    console.error(e.message);
    process.exit(3);
  }
  console.error(`无法打开数据库：${(e as Error).message}`);
  process.exit(2);
}

try {
  const exists = await sql<{ t: string | null }>`select to_regclass('audit_log')::text as t`.execute(
    handle.db,
  );
  if (!exists.rows[0]?.t) {
    console.error('数据库中没有审计日志表（尚未运行迁移？）');
    process.exitCode = 2;
  } else {
    const r = await verifyAudit(handle.db, keys);
    if (values.json)
      console.log(JSON.stringify({ ...r, keysFrom: existsSync(keyFile) ? keyFile : null }, null, 2));
    else if (r.ok) {
      console.log(`审计日志完整：${r.entries} 条记录`);
      if (r.head) console.log(`链头：第 ${r.head.chainPos} 条，SM3 ${r.head.hash}`);
      console.log(
        r.lastCheckpoint
          ? `签名检查点：${r.checkpoints} 个，最近一个 #${r.lastCheckpoint.id} 覆盖第 1–${r.lastCheckpoint.chainPos} 条（${r.lastCheckpoint.signedAt}）`
          : '签名检查点：无',
      );
      for (const w of r.warnings) console.log(`注意：${w}`);
    } else {
      const b = r.broken!;
      console.error(`审计日志已被篡改：${b.reason}`);
      console.error(
        `首个损坏的记录：链位置 ${b.chainPos}${b.seq !== null ? `，seq ${b.seq}` : ''}（共检查 ${r.entries} 条）`,
      );
    }
    process.exitCode = r.ok ? 0 : 1;
  }
} finally {
  await handle.close();
}
