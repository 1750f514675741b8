import { readFileSync } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { seedDemoAccounts } from './demo/accounts.js';
import { seedDemoLicences } from './demo/licences.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { caseNotifier } from './modules/cases/notifications.js';
import { caseRoutes } from './modules/cases/routes.js';
import { publicCaseRules } from './modules/cases/rules.js';
import { type CaseService, createCaseService } from './modules/cases/service.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { type CatalogService, createCatalogService } from './modules/catalog/service.js';
import { fileRoutes } from './modules/files/routes.js';
import { createFileService, type FileService } from './modules/files/service.js';
import { identityRoutes } from './modules/identity/routes.js';
import {
  createIdentityService,
  DEFAULT_IDENTITY_OPTIONS,
  type IdentityService,
} from './modules/identity/service.js';
import { licenceRoutes } from './modules/licences/routes.js';
import { createLicenceService, type LicenceService } from './modules/licences/service.js';
import { metaRoutes } from './modules/meta/routes.js';
import { notifyRoutes } from './modules/notify/routes.js';
import { createNotifyService, type NotifyService } from './modules/notify/service.js';
import { sharingRoutes } from './modules/sharing/routes.js';
import { createSharingService, type SharingService } from './modules/sharing/service.js';
import { type CalendarService, createCalendarService } from './platform/calendar/calendar-service.js';
import type { AppConfig } from './platform/config.js';
import { createKeyStore } from './platform/crypto/keystore.js';
import { type DatabaseHandle, dataPath, openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { FILE_TYPES } from './platform/files/content-type.js';
import { type RouteRule, registerAccessControl } from './platform/http/access.js';
import { purgeIdempotencyKeys, registerIdempotency } from './platform/http/idempotency.js';
import { registerMetrics } from './platform/http/metrics.js';
import { createServer, registerHttpPlugins } from './platform/http/server.js';
import { registerWebApp } from './platform/http/web.js';
import { createJobRunner, type JobRunner } from './platform/jobs/runner.js';
import { createOutbox, type Outbox } from './platform/outbox.js';
import { loggingSmsAdapter } from './platform/sms.js';

const ROOT = new URL('../', import.meta.url).pathname;
export const VERSION: string = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version;
export const DEMO_CATALOG = `${ROOT}seed/catalog.json`;

export interface Tongban {
  http: FastifyInstance;
  database: DatabaseHandle;
  identity: IdentityService;
  catalog: CatalogService;
  /** Working-day calendar: all deadline arithmetic goes through it. */
  calendar: CalendarService;
  files: FileService;
  cases: CaseService;
  /** 电子证照: issue on approval, wallet, PDF, revoke/re-issue, verification. */
  licences: LicenceService;
  /** 数据共享 and 减证便民: provider records, the access log, 免提交 resolution for the case engine. */
  sharing: SharingService;
  notify: NotifyService;
  outbox: Outbox;
  /** Durable periodic jobs: deadline sweep, outbox delivery, SMS sending. */
  jobs: JobRunner;
  /** Every route with its access rule (walked by the access test). */
  routes: RouteRule[];
  /** What the start-up did, for the log. */
  startup: {
    migrationsApplied: string[];
    demoSeeded: boolean;
    demoAccountsCreated: string[];
    webApp: boolean;
  };
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already open database (tests); otherwise one is opened from config. */
  database?: DatabaseHandle;
  /** Seed demo catalog and accounts; default: embedded database only, or SEED_DEMO=1. */
  seedDemo?: boolean;
  serveWeb?: boolean;
  loginRateLimitPerMinute?: number;
  /** Run the periodic jobs (off in tests, which run them by hand). */
  startJobs?: boolean;
}

/** Composition root: config → database → migrations → modules → HTTP. */
export async function buildApp(config: AppConfig, opts: BuildOptions = {}): Promise<Tongban> {
  const database =
    opts.database ??
    (await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
    }));
  const { applied } = await migrate(database.db);

  const calendar = createCalendarService(database.db, {
    onRefreshError: (err) => app.log.warn({ err }, 'calendar refresh failed'),
  });
  await calendar.ensureSeeded();
  const catalog = createCatalogService(database.db);
  const files = createFileService(database.db, {
    dataDir: config.DATA_DIR,
    sizeLimitMb: config.FILE_SIZE_LIMIT_MB,
  });
  const identity = createIdentityService(database.db, catalog.directory, {
    ...DEFAULT_IDENTITY_OPTIONS,
    sessionTtlHours: config.SESSION_TTL_HOURS,
  });

  const licences = createLicenceService({
    db: database.db,
    catalog: { licenceTypes: () => catalog.licenceTypes(), departments: () => catalog.departments() },
    // Private keys stay in files (mode 0600) under DATA_DIR/keys unless LICENCE_KEYS_DIR names a vault mount.
    keys: createKeyStore(process.env.LICENCE_KEYS_DIR || dataPath(config.DATA_DIR, 'keys')),
    today: () => calendar.today(),
  });

  const sharing = createSharingService({
    db: database.db,
    catalog,
    identity,
    licenceHolder: (accountId, typeCode) => licences.holds(accountId, typeCode),
  });

  const cases = createCaseService({
    db: database.db,
    catalog,
    identity,
    files,
    calendar: { today: () => calendar.today(), workingDays: async () => calendar.snapshot() },
    regions: catalog.directory,
    licences: { issueForCase: licences.issueForCase },
    bundles: catalog,
    shared: sharing,
  });

  const outbox = createOutbox(database.db);

  const seedDemo = opts.seedDemo ?? config.SEED_DEMO ?? !config.DATABASE_URL;
  let demoAccountsCreated: string[] = [];
  if (seedDemo) {
    const imports = await catalog.listImports();
    if (imports.length === 0)
      await catalog.importCatalog(JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')), null);
    demoAccountsCreated = await seedDemoAccounts(identity);
    await sharing.seedDemo();
  }

  // Signing keys and the licence-type cache; then the demo holders get their licences.
  await licences.start();
  if (seedDemo) await seedDemoLicences(licences, identity);

  const app = createServer({ logLevel: config.LOG_LEVEL, version: VERSION, trustProxy: config.TRUST_PROXY });
  const http = app as unknown as FastifyInstance;
  await registerHttpPlugins(app, VERSION);
  const routes = registerAccessControl(http, identity.sessions);
  registerIdempotency(http, database.db);
  registerMetrics(http, { version: VERSION, engine: database.engine, poolStats: database.poolStats });

  const notify = createNotifyService(database.db, loggingSmsAdapter(app.log));
  outbox.subscribe(
    'case',
    caseNotifier({
      notify,
      identity,
      itemName: async (code, version) => {
        const item = await catalog.itemVersion(code, version);
        return item ? item.name + (item.subName ? `（${item.subName}）` : '') : undefined;
      },
    }),
  );
  // Licences are filled from the catalog's types: a new import refreshes the cache.
  outbox.subscribe('catalog', () => licences.refreshCatalog());
  const jobs = createJobRunner(database.db, app.log);
  jobs.register('outbox.deliver', 5_000, () => outbox.deliver());
  jobs.register('sms.send', 10_000, () => notify.sendPendingSms());
  // Warnings turn yellow/red as working days pass; every 10 minutes is fine-grained enough.
  jobs.register('cases.deadline-sweep', 10 * 60_000, () => cases.sweep());
  jobs.register('idempotency.purge', 60 * 60_000, () => purgeIdempotencyKeys(database.db));

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['运维'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
      config: { access: { kind: 'public' } },
    },
    async () => {
      await database.db.selectFrom('schema_migrations').select('name').limit(1).execute();
      return { status: 'ok' as const };
    },
  );

  await app.register(
    identityRoutes(identity, {
      loginRateLimitPerMinute: opts.loginRateLimitPerMinute ?? 10,
      secureCookies: false,
    }),
  );
  await app.register(catalogRoutes(catalog));
  await app.register(calendarRoutes(calendar));
  await app.register(multipart, { limits: { fileSize: files.sizeLimitBytes, files: 1 } });
  await app.register(fileRoutes(files));
  await app.register(caseRoutes(cases));
  await app.register(notifyRoutes(notify));
  await app.register(licenceRoutes(licences));
  await app.register(sharingRoutes(sharing));
  await app.register(
    metaRoutes({
      portalName: config.PORTAL_NAME,
      homeRegionCode: config.HOME_REGION_CODE,
      regionName: async (code) => (await catalog.regions()).find((r) => r.code === code)?.name ?? null,
      cases: publicCaseRules(cases.deferredDays),
      uploads: {
        maxBytes: files.sizeLimitBytes,
        types: Object.values(FILE_TYPES).map((t) => ({ ...t, extensions: [...t.extensions] })),
      },
    }),
  );
  const webApp = await registerWebApp(http, opts.serveWeb === false ? null : `${ROOT}web/dist`);

  await app.ready();
  if (opts.startJobs ?? true) jobs.start();
  void catalog.warm().catch((err) => app.log.warn({ err }, 'search index warm-up failed'));

  return {
    http,
    database,
    identity,
    catalog,
    calendar,
    files,
    cases,
    licences,
    sharing,
    notify,
    outbox,
    jobs,
    routes,
    startup: { migrationsApplied: applied, demoSeeded: seedDemo, demoAccountsCreated, webApp },
    async close() {
      await jobs.stop();
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
