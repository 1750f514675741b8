import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyOffline } from '../modules/licences/offline.js';
import { PUBLIC_KEYS_FILE, type PublicKeyInfo, readPublicKeyFile } from '../platform/crypto/keystore.js';

/**
 * npm run licence:verify -- TOKEN [--keys public-keys.json] [--json]
 *
 * Checks a licence's QR-code text offline, with the departments' public keys only: from the file given,
 * else DATA_DIR/keys/public-keys.json (or LICENCE_KEYS_DIR), else — when DATABASE_URL is set — the key
 * register in the database. Exit code 0 valid, 1 invalid, 2 usage or no keys.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { keys: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const token = positionals[0];
if (!token) {
  console.error('usage: npm run licence:verify -- TOKEN [--keys public-keys.json] [--json]');
  process.exit(2);
}

async function loadKeys(): Promise<{ keys: PublicKeyInfo[]; from: string }> {
  const dir = process.env.LICENCE_KEYS_DIR || join(process.env.DATA_DIR || './data', 'keys');
  const file = values.keys ?? join(dir, PUBLIC_KEYS_FILE);
  if (existsSync(file)) return { keys: readPublicKeyFile(file), from: file };
  if (values.keys) throw new Error(`cannot read ${file}`);
  if (process.env.DATABASE_URL) {
    const { openDatabase } = await import('../platform/db/database.js');
    const { publicKeysFromDatabase } = await import('../modules/licences/offline.js');
    const db = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      return { keys: await publicKeysFromDatabase(db.db), from: 'database' };
    } finally {
      await db.close();
    }
  }
  throw new Error(`no public keys: ${file} does not exist (give --keys FILE or set DATABASE_URL)`);
}

let keys: { keys: PublicKeyInfo[]; from: string };
try {
  keys = await loadKeys();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const r = verifyOffline(token, keys.keys, today);
if (values.json) {
  console.log(JSON.stringify({ ...r, keysFrom: keys.from, checkedOn: today }, null, 2));
} else {
  const p = r.payload;
  console.log(r.valid ? '有效（签名与有效期核验通过）' : `无效：${r.reason}`);
  if (p) {
    console.log(`证照标识：${p.i}`);
    console.log(`证照类型：${p.t}`);
    console.log(`持证人：${p.h}　${p.n}`);
    console.log(`签发日期：${p.d}　有效期至：${p.v ?? '长期'}`);
    console.log(`签名密钥：${p.k}`);
  }
  console.log('注：离线核验不含注销状态，在线核验请访问 /verify 或 POST /api/licences/verify。');
}
process.exit(r.valid ? 0 : 1);
