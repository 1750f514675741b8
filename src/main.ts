import { buildApp } from './app.js';
import { DEMO_PASSWORD } from './demo/accounts.js';
import { ConfigError, isProduction, loadConfig, secureCookies } from './platform/config.js';
import { classifyDatabaseError } from './platform/db/errors.js';

interface ProcessLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  fatal(obj: object, msg: string): void;
}

const consoleLog: ProcessLog = {
  error: (obj, msg) => console.error(msg, obj),
  warn: (obj, msg) => console.warn(msg, obj),
  fatal: (obj, msg) => console.error(msg, obj),
};

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // Until the app's logger exists (start-up), process-level faults go to stderr.
  let processLog: ProcessLog = consoleLog;
  // A promise nobody awaited failed: log it and serve on. Node's default (since v15) ends the process,
  // which would turn one forgotten catch during a database outage into an outage of the whole service.
  process.on('unhandledRejection', (reason) => {
    processLog.error({ err: reason }, 'unhandled promise rejection');
  });
  // A lost database connection is expected and recovered from (the pool opens a fresh one); any
  // other uncaught exception leaves the process in an unknown state: log it and exit for the
  // supervisor to restart us.
  process.on('uncaughtException', (err) => {
    if (classifyDatabaseError(err)) {
      const { code } = err as { code?: string };
      processLog.warn({ code, reason: err.message }, 'database connection error outside a request');
      return;
    }
    processLog.fatal({ err }, 'uncaught exception');
    setTimeout(() => process.exit(1), 100).unref();
  });

  const app = await buildApp(config);
  const log = app.http.log;
  processLog = log;
  // Node's own bound on receiving a request (slow clients must not hold sockets open forever).
  app.http.server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  app.http.server.headersTimeout = Math.min(60_000, config.REQUEST_TIMEOUT_MS);
  const { startup } = app;
  log.info({ engine: app.database.engine, migrations: startup.migrationsApplied }, 'database ready');
  if (startup.demoSeeded) {
    log.info(
      `demo accounts (password ${DEMO_PASSWORD}): demo-person, demo-enterprise, demo-clerk, demo-reviewer, demo-approver, demo-agent, demo-supervisor, demo-inspector, demo-admin, demo-handler, demo-credit, demo-auditor, demo-province-admin`,
    );
  }
  if (isProduction(config)) {
    log.info({ secureCookies: secureCookies(config), demo: startup.demoSeeded }, 'production mode');
    if (!config.METRICS_TOKEN) log.warn('METRICS_TOKEN is not set: /metrics refuses every scraper');
    if (!secureCookies(config))
      log.warn('SECURE_COOKIES=0 in production mode: session cookies travel over plain HTTP');
  }
  if (!startup.webApp) log.warn('web/dist not built: only the API is served (run npm run build:web)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.http.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err) => {
  console.error('start-up failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
