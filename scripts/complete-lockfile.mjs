#!/usr/bin/env node
// Adds lockfile entries for platform-only optional packages (other OSes' native binaries) that the
// registry mirror of this workplace does not serve. npm leaves them out of package-lock.json, and then
// `npm ci` refuses the lock as incomplete. With an entry carrying its os/cpu/libc, npm ci skips the
// package on this platform without fetching it, exactly as with a lock written where it is available.
// Run after any `npm install` that changes dependencies: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
  'aix',
  'netbsd',
];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  if (!os) return null;
  let cpu = parts.map((p) => CPU[p]).find(Boolean);
  if (
    !cpu &&
    parts.some((p) => /^arm(eabi|hf)?$/.test(p) || p === 'gnueabihf' || p === 'musleabihf' || p === 'eabi')
  )
    cpu = 'arm';
  if (!cpu) return null;
  const libc = parts.some((p) => p.startsWith('musl')) ? ['musl'] : os === 'linux' ? ['glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (pkgs[base] || pkgs[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) continue;
    pkgs[`node_modules/${dep}`] = {
      version: spec,
      cpu: platform.cpu,
      dev: meta.dev,
      optional: true,
      os: platform.os,
      ...(platform.libc ? { libc: platform.libc } : {}),
    };
    if (!meta.dev) delete pkgs[`node_modules/${dep}`].dev;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform-only optional entries`);
