import { readFileSync } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { z } from 'zod';
import { seedDemoAccounts } from './demo/accounts.js';
import { seedDemoLicences } from './demo/licences.js';
import { auditRoutes } from './modules/audit/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { caseNotifier } from './modules/cases/notifications.js';
import { caseRoutes } from './modules/cases/routes.js';
import { publicCaseRules } from './modules/cases/rules.js';
import { type CaseService, createCaseService } from './modules/cases/service.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { type CatalogService, createCatalogService } from './modules/catalog/service.js';
import { fileRoutes } from './modules/files/routes.js';
import { createFileService, type FileService } from './modules/files/service.js';
import { createHotlineService, type HotlineService } from './modules/hotline/service.js';
import { ticketWorkflow } from './modules/hotline/workflow.js';
import { openPiiCipher } from './modules/identity/keys.js';
import { configurePasswordHashing } from './modules/identity/password.js';
import { identityRoutes } from './modules/identity/routes.js';
import {
  createIdentityService,
  type IdentityOptions,
  type IdentityService,
} from './modules/identity/service.js';
import { licenceRoutes } from './modules/licences/routes.js';
import { createLicenceService, type LicenceService } from './modules/licences/service.js';
import { metaRoutes } from './modules/meta/routes.js';
import { notifyRoutes } from './modules/notify/routes.js';
import { createNotifyService, type NotifyService } from './modules/notify/service.js';
import { sharingRoutes } from './modules/sharing/routes.js';
import { createSharingService, type SharingService } from './modules/sharing/service.js';
import { registerAuditHooks } from './platform/audit/http.js';
import { AUDIT_CHAIN_INTERVAL_MS, type AuditLog, createAuditLog } from './platform/audit/index.js';
import { workflowAudit } from './platform/audit/workflow-sink.js';
import { type Authz, createAuthz } from './platform/authz/index.js';
import { type CalendarService, createCalendarService } from './platform/calendar/calendar-service.js';
import { type AppConfig, isProduction, secureCookies } from './platform/config.js';
import { createKeyStore } from './platform/crypto/keystore.js';
import { type DatabaseHandle, dataPath, openDatabase } from './platform/db/database.js';
import { assertDatabaseAnswers } from './platform/db/health.js';
import { withAdvisoryLock } from './platform/db/locks.js';
import { migrate } from './platform/db/migrate.js';
import { FILE_TYPES } from './platform/files/content-type.js';
import { type RouteRule, registerAccessControl } from './platform/http/access.js';
import { purgeIdempotencyKeys, registerIdempotency } from './platform/http/idempotency.js';
import { registerMetrics } from './platform/http/metrics.js';
import { registerNoStore } from './platform/http/no-store.js';
import { permissionRoutes } from './platform/http/permissions.js';
import { createServer, registerHttpPlugins } from './platform/http/server.js';
import { registerWebApp } from './platform/http/web.js';
import { createJobRunner, type JobRunner } from './platform/jobs/runner.js';
import { createOutbox, type Outbox } from './platform/outbox.js';
import { loggingSmsAdapter, type SmsAdapter } from './platform/sms.js';
import { createExecutor, createSweep, systemClock } from './platform/workflow/index.js';

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
  /** Tamper-evident audit log: chainer, signed checkpoints, verification, the auditor's reads. */
  audit: AuditLog;
  /** The one authorization layer (role × data scope × relation to the object). */
  authz: Authz;
  /** 12345 tickets on the workflow kernel (no routes yet). */
  hotline: HotlineService;
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
  /** Per-client limit of the SMS-code, reset and unlock routes (the per-account limits are in identity). */
  smsRateLimitPerMinute?: number;
  /** Run the periodic jobs (off in tests, which run them by hand). */
  startJobs?: boolean;
  /** Where log lines go instead of stdout (tests capture them to scan for personal data). */
  logStream?: DestinationStream;
  /** The SMS gateway (default: the logging adapter); tests pass one that records. */
  sms?: SmsAdapter;
  /** Overrides of login limits and session timeouts (tests). */
  identity?: Partial<IdentityOptions>;
}

/** Composition root: config → database → migrations → modules → HTTP. */
export async function buildApp(config: AppConfig, opts: BuildOptions = {}): Promise<Tongban> {
  // A connection the server drops (restart, failover) is logged and replaced, never fatal.
  let connectionLog: { warn(obj: object, msg: string): void } | null = null;
  const database =
    opts.database ??
    (await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
      maxConnections: config.DB_POOL_MAX,
      preparedStatements: config.DB_PREPARED_STATEMENTS,
      timeouts: {
        connectMs: config.DB_CONNECT_TIMEOUT_MS,
        statementMs: config.DB_STATEMENT_TIMEOUT_MS,
        lockMs: config.DB_LOCK_TIMEOUT_MS,
        idleInTransactionMs: config.DB_IDLE_TX_TIMEOUT_MS,
      },
      // A database starting beside the app (compose, a failover in progress) is waited for.
      startupWaitMs: 30_000,
      // Code and message only: pg-pool hangs the whole client (its settings, its buffers) on the error.
      onConnectionError: (err) =>
        connectionLog?.warn(
          { code: (err as { code?: string }).code, reason: err.message },
          'database connection lost',
        ),
    }));
  const { applied } = await migrate(database.db);

  const calendar = createCalendarService(database.db, {
    onRefreshError: (err) => app.log.warn({ err }, 'calendar refresh failed'),
  });
  // Taking turns: a second process would otherwise wait on the first one's rows for longer than
  // lock_timeout allows while it loads the packaged years.
  await withAdvisoryLock(database, 'calendar-seed', () => calendar.ensureSeeded());
  const catalog = createCatalogService(database.db);
  // One authorization layer for every service (platform/authz). Services built before the case
  // engine reach it through closures: it is built last because it uses them.
  const authz = createAuthz(catalog.directory);
  const files = createFileService(database.db, {
    dataDir: config.DATA_DIR,
    sizeLimitMb: config.FILE_SIZE_LIMIT_MB,
    authz,
    holders: { holdingFile: (id) => cases.holdingFile(id) },
  });
  configurePasswordHashing({
    concurrency: config.PASSWORD_HASH_CONCURRENCY,
    maxWaiting: config.PASSWORD_HASH_QUEUE,
  });
  // Production mode never seeds demo accounts unless SEED_DEMO=1 says so.
  const seedDemo = opts.seedDemo ?? config.SEED_DEMO ?? (!config.DATABASE_URL && !isProduction(config));
  // Private keys stay in files (mode 0600) under DATA_DIR/keys unless LICENCE_KEYS_DIR names a vault mount.
  const keysDir = process.env.LICENCE_KEYS_DIR || dataPath(config.DATA_DIR, 'keys');
  // The SMS adapter logs through the server's logger, which exists only further down.
  let smsAdapter: SmsAdapter | undefined = opts.sms;
  const identity = createIdentityService({
    db: database.db,
    regions: catalog.directory,
    cipher: await openPiiCipher(database.db, keysDir),
    sms: { send: (phone, text) => smsAdapter!.send(phone, text) },
    options: {
      sessionTtlHours: config.SESSION_TTL_HOURS,
      idleMinutes: config.SESSION_IDLE_MINUTES,
      // Demo accounts left in a production database by an earlier seeding do not log in.
      demoLogins: seedDemo || !isProduction(config),
      ...opts.identity,
    },
  });
  await identity.sealLegacyPlaintext();

  const licences = createLicenceService({
    db: database.db,
    catalog: { licenceTypes: () => catalog.licenceTypes(), departments: () => catalog.departments() },
    keys: createKeyStore(keysDir),
    today: () => calendar.today(),
    holders: identity.holderIn,
    authz,
    cases: { reference: (id) => cases.reference(id) },
    dataAccess: { record: (entry) => sharing.recordAccess(database.db, entry) },
  });

  const sharing = createSharingService({
    db: database.db,
    catalog,
    identity,
    licenceHolder: (accountId, typeCode) => licences.holds(accountId, typeCode),
    authz,
    cases: { reference: (id) => cases.reference(id) },
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

  // The checkpoint key lives in its own store, apart from the licence keys (another duty, another key).
  const audit = createAuditLog(
    database.db,
    createKeyStore(process.env.AUDIT_KEYS_DIR || dataPath(config.DATA_DIR, 'keys', 'audit')),
  );
  audit.keys.load();

  let demoAccountsCreated: string[] = [];
  // Several processes may start at once on one database: each seeding step checks what is there and
  // adds what is missing, so they take turns (one advisory lock per database and schema).
  if (seedDemo) {
    await withAdvisoryLock(database, 'demo-seed', async () => {
      const imports = await catalog.listImports();
      if (imports.length === 0)
        await catalog.importCatalog(JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')), null);
      demoAccountsCreated = await seedDemoAccounts(identity);
      await sharing.seedDemo();
    });
  }

  // Signing keys and the licence-type cache; then the demo holders get their licences.
  await licences.start();
  if (seedDemo) await withAdvisoryLock(database, 'demo-seed', () => seedDemoLicences(licences, identity));

  const app = createServer({
    logLevel: config.LOG_LEVEL,
    version: VERSION,
    trustProxy: config.TRUST_PROXY,
    logStream: opts.logStream,
  });
  const http = app as unknown as FastifyInstance;
  connectionLog = app.log;
  await registerHttpPlugins(app, VERSION);
  const routes = registerAccessControl(http, identity.sessions);
  registerNoStore(http);
  registerIdempotency(http, database.db);
  registerMetrics(http, {
    version: VERSION,
    engine: database.engine,
    poolStats: database.poolStats,
    token: config.METRICS_TOKEN,
  });
  registerAuditHooks(http, database.db);

  const outbox = createOutbox(database.db, { log: app.log });
  smsAdapter ??= loggingSmsAdapter(app.log, { revealCodes: !isProduction(config) });
  const notify = createNotifyService(database.db, smsAdapter, { log: app.log });
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
  jobs.register('audit.chain', AUDIT_CHAIN_INTERVAL_MS, () => audit.chain());
  jobs.register('audit.checkpoint', config.AUDIT_CHECKPOINT_MINUTES * 60_000, async () => {
    const cp = await audit.checkpoint();
    // A copy outside the database (the log is shipped off the host): the checkpoints themselves could
    // be deleted by whoever can delete audit rows; a copy elsewhere cannot.
    if (cp) app.log.info({ auditCheckpoint: cp }, 'audit checkpoint signed');
    return cp ? { chainPos: cp.chainPos, headHash: cp.headHash } : null;
  });
  // The approval transaction fills licences from the in-memory licence types (it may not read through
  // the pool): a catalog imported through another process reaches this one's cache within this interval.
  jobs.everyProcess('licences.refresh-catalog', 30_000, () => licences.refreshCatalog());
  jobs.register('identity.purge', 60 * 60_000, () => identity.purge());

  // The workflow kernel: one executor and one deadline sweep for every workflow registered with it.
  const workflows = createExecutor({
    db: database.db,
    clock: systemClock,
    calendar: () => calendar.snapshot(),
    scopeOf: async (p) => ({
      // The authorization layer's reach (cached subtree): one notion of data scope for routes and kernel.
      regionSubtree:
        p.kind === 'staff' ? [...(await authz.reach(p as Parameters<Authz['reach']>[0])).subtree] : [],
    }),
    audit: workflowAudit,
    log: app.log,
  });
  const hotline = createHotlineService({ db: database.db, executor: workflows, applicants: identity });
  const workflowSweep = createSweep(workflows);
  workflowSweep.register(ticketWorkflow, hotline.store);
  jobs.register('workflow.deadline-sweep', 10 * 60_000, () => workflowSweep.run());

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
      await assertDatabaseAnswers(database.db);
      return { status: 'ok' as const };
    },
  );

  await app.register(
    identityRoutes(identity, {
      loginRateLimitPerMinute: opts.loginRateLimitPerMinute ?? 10,
      smsRateLimitPerMinute: opts.smsRateLimitPerMinute,
      secureCookies: secureCookies(config),
    }),
  );
  await app.register(permissionRoutes(routes));
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
  await app.register(auditRoutes(audit));
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
    audit,
    authz,
    hotline,
    outbox,
    jobs,
    routes,
    startup: { migrationsApplied: applied, demoSeeded: seedDemo, demoAccountsCreated, webApp },
    async close() {
      await jobs.stop();
      // Entries of the last seconds are linked before the process goes (the CLI verifies a stopped app).
      await audit.chain().catch((err) => app.log.warn({ err }, 'audit chaining at shutdown failed'));
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
