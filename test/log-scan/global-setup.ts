import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { scanLogDir } from './scan.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where startTestApp writes each app's log lines (one file per app), for the scan below. */
    logCaptureDir: string;
  }
}

/**
 * Issue 9 §3: every integration test's traffic is logged (at debug) into a capture directory, and
 * after the run every line is scanned for personal data. One finding fails the run.
 * TONGBAN_LOG_CAPTURE=0 turns capture off; TONGBAN_KEEP_LOGS=1 keeps the directory for reading.
 */
export default function setup(project: TestProject) {
  if (process.env.TONGBAN_LOG_CAPTURE === '0') return;
  const dir = mkdtempSync(join(tmpdir(), 'tongban-logs-'));
  project.provide('logCaptureDir', dir);
  return () => {
    const { files, lines, findings } = scanLogDir(dir);
    if (process.env.TONGBAN_KEEP_LOGS === '1') console.log(`log capture kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    if (findings.length) {
      const shown = findings.slice(0, 20).map((f) => `  ${f.file}:${f.line} ${f.kind} ${f.masked}`);
      throw new Error(
        `personal data in the logs: ${findings.length} finding(s) in ${files} file(s), ${lines} line(s) scanned\n${shown.join('\n')}`,
      );
    }
  };
}
