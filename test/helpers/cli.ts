import { spawnSync } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs one of the project's CLIs (src/cli/<name>.ts) as `npm run` would, with the environment given. */
export function runCli(name: string, args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${name}.ts`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}\n${r.stderr}` };
}
