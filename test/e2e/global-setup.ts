import type { TestProject } from 'vitest/node';
import { buildWeb, chromiumMissing, type ServerHandle, startServer } from './harness.js';

let server: ServerHandle | undefined;

export default async function setup(project: TestProject) {
  const missing = chromiumMissing();
  if (missing) {
    if (process.env.CI === 'true') throw new Error(`[e2e] cannot run in CI: ${missing}`);
    console.warn(`[e2e] skipping browser tests: ${missing}`);
    project.provide('skipReason', missing);
    project.provide('baseUrl', '');
    return;
  }
  await buildWeb();
  server = await startServer();
  console.log(`[e2e] server ${server.baseUrl} (log: ${server.logFile})`);
  project.provide('skipReason', '');
  project.provide('baseUrl', server.baseUrl);
  return async () => {
    await server?.stop();
  };
}
