import { buildApp } from './app.js';
import { DEMO_PASSWORD } from './demo/accounts.js';
import { ConfigError, isProduction, loadConfig, secureCookies } from './platform/config.js';

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
  const app = await buildApp(config);
  const log = app.http.log;
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

void main();
