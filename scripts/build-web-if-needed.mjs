#!/usr/bin/env node
// Builds the web app (web/ → web/dist) when the build is missing or older than its sources.
// Prints one line; exits non-zero when the build fails. Used by `npm start` and the e2e harness.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const target = join(web, 'dist', 'index.html');
const configFile = join(web, 'vite.config.ts');
const sources = [
  join(web, 'src'),
  join(web, 'public'),
  join(web, 'index.html'),
  configFile,
  join(web, 'tsconfig.json'),
];

/** Newest modification time under `path` (file or folder), 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const force = process.argv.includes('--force');
const built = existsSync(target) ? statSync(target).mtimeMs : 0;
const sourceTime = Math.max(...sources.map((p) => newest(p)));

if (!force && built > 0 && built >= sourceTime) {
  console.log(`web: up to date (${relative(root, target)})`);
  process.exit(0);
}

const started = Date.now();
try {
  // A test runner sets NODE_ENV=test; the app served to people is always a production build.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'error', mode: 'production' });
} catch (err) {
  console.error(`web: build failed — ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (!existsSync(target)) {
  console.error(`web: build finished but ${relative(root, target)} is missing`);
  process.exit(1);
}
console.log(
  `web: built ${relative(root, join(web, 'dist'))} in ${((Date.now() - started) / 1000).toFixed(1)}s${built ? ' (sources changed)' : ''}`,
);
