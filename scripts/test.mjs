#!/usr/bin/env node
// npm test: unit + integration tests on PGlite and (when reachable) PostgreSQL, then browser tests
// (when Debian's chromium is installed). Prints what it skipped and why; with CI=true a skip fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const CI = process.env.CI === 'true';
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
const skipped = [];

async function postgresReachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch (e) {
    skipped.push(`PostgreSQL suites: cannot connect to ${url} (${e.message})`);
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const env = { ...process.env };
const pgUrl = process.env.TEST_DATABASE_URL || DEFAULT_PG;
if (await postgresReachable(pgUrl)) env.TEST_DATABASE_URL = pgUrl;
else delete env.TEST_DATABASE_URL;

const chromium = existsSync('/usr/bin/chromium');
if (!chromium)
  skipped.push('browser suites (test/e2e): /usr/bin/chromium is not installed (apt-get install -y chromium)');

const run = (args) => spawnSync('npx', args, { stdio: 'inherit', env }).status ?? 1;

const report = () => {
  if (skipped.length) {
    console.log('\nSkipped:');
    for (const s of skipped) console.log(`  - ${s}`);
  }
};

if (CI && skipped.length) {
  report();
  console.error('\nCI=true: a skipped suite is a failure.');
  process.exit(1);
}

let status = run(['vitest', 'run']);
if (status === 0 && chromium) status = run(['vitest', 'run', '--config', 'test/e2e/vitest.config.ts']);
report();
process.exit(status);
