import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { seedDemoAccounts } from './demo/accounts.js';
import type { AppConfig } from './platform/config.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { type RouteRule, registerAccessControl } from './platform/http/access.js';
import { registerIdempotency } from './platform/http/idempotency.js';
import { registerMetrics } from './platform/http/metrics.js';
import { createServer, registerHttpPlugins } from './platform/http/server.js';
import { registerWebApp } from './platform/http/web.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { type CatalogService, createCatalogService } from './modules/catalog/service.js';
import { identityRoutes } from './modules/identity/routes.js';
import { createIdentityService, DEFAULT_IDENTITY_OPTIONS, type IdentityService } from './modules/identity/service.js';

const ROOT = new URL('../', import.meta.url).pathname;
export const VERSION: string = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version;
export const DEMO_CATALOG = `${ROOT}seed/catalog.json`;

export interface Tongban {
  http: FastifyInstance;
  database: DatabaseHandle;
  identity: IdentityService;
  catalog: CatalogService;
  /** Every route with its access rule (walked by the access test). */
  routes: RouteRule[];
  /** What the start-up did, for the log. */
  startup: { migrationsApplied: string[]; demoSeeded: boolean; demoAccountsCreated: string[]; webApp: boolean };
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already open database (tests); otherwise one is opened from config. */
  database?: DatabaseHandle;
  /** Seed demo catalog and accounts; default: embedded database only, or SEED_DEMO=1. */
  seedDemo?: boolean;
  serveWeb?: boolean;
  loginRateLimitPerMinute?: number;
}

/** Composition root: config → database → migrations → modules → HTTP. */
export async function buildApp(config: AppConfig, opts: BuildOptions = {}): Promise<Tongban> {
  const database =
    opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR }));
  const { applied } = await migrate(database.db);

  const catalog = createCatalogService(database.db);
  const identity = createIdentityService(database.db, catalog.directory, {
    ...DEFAULT_IDENTITY_OPTIONS,
    sessionTtlHours: config.SESSION_TTL_HOURS,
  });

  const seedDemo = opts.seedDemo ?? config.SEED_DEMO ?? !config.DATABASE_URL;
  let demoAccountsCreated: string[] = [];
  if (seedDemo) {
    const imports = await catalog.listImports();
    if (imports.length === 0) await catalog.importCatalog(JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')), null);
    demoAccountsCreated = await seedDemoAccounts(identity);
  }

  const app = createServer({ logLevel: config.LOG_LEVEL, version: VERSION });
  const http = app as unknown as FastifyInstance;
  await registerHttpPlugins(app, VERSION);
  const routes = registerAccessControl(http, identity.sessions);
  registerIdempotency(http, database.db);
  registerMetrics(http, { version: VERSION, engine: database.engine, poolStats: database.poolStats });

  app.get('/healthz', {
    schema: { tags: ['运维'], summary: '健康检查', response: { 200: z.object({ status: z.literal('ok') }) } },
    config: { access: { kind: 'public' } },
  }, async () => {
    await database.db.selectFrom('schema_migrations').select('name').limit(1).execute();
    return { status: 'ok' as const };
  });

  await app.register(identityRoutes(identity, { loginRateLimitPerMinute: opts.loginRateLimitPerMinute ?? 10, secureCookies: false }));
  await app.register(catalogRoutes(catalog));
  const webApp = opts.serveWeb === false ? false : await registerWebApp(http, `${ROOT}web/dist`);

  await app.ready();
  void catalog.warm().catch((err) => app.log.warn({ err }, 'search index warm-up failed'));

  return {
    http,
    database,
    identity,
    catalog,
    routes,
    startup: { migrationsApplied: applied, demoSeeded: seedDemo, demoAccountsCreated, webApp },
    async close() {
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
