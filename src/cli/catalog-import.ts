import { readFileSync } from 'node:fs';
import { createCatalogService } from '../modules/catalog/service.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { AppError } from '../platform/errors.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run catalog:import -- FILE');
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
});
try {
  await migrate(db.db);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    process.exit(2);
  }
  const r = await createCatalogService(db.db).importCatalog(doc, null);
  console.log(
    `${r.status} catalog ${r.publishedAt}: ${r.itemsCreated} created, ${r.itemsUpdated} updated, ${r.itemsUnchanged} unchanged, ${r.itemsWithdrawn} withdrawn`,
  );
} catch (e) {
  if (e instanceof AppError) {
    console.error(`${e.title}: ${e.detail}`);
    for (const err of e.errors ?? []) console.error(`  ${err.field}: ${err.message}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await db.close();
}
