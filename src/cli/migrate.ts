import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';

const config = loadConfig();
const db = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
});
const r = await migrate(db.db);
console.log(r.applied.length ? `applied: ${r.applied.join(', ')}` : `up to date (${r.skipped} migrations)`);
await db.close();
