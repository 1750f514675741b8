import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUse, dataDirHolder, lockDataDir, lockFileOf } from './data-dir-lock.js';

describe('embedded data directory lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'tongban-lock-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second opener while the holder lives, naming its pid, and frees on release', () => {
    const dir = join(root, 'a');
    const release = lockDataDir(dir);
    expect(dataDirHolder(dir)).toBe(process.pid);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`进程 ${process.pid}`));
    release();
    expect(existsSync(lockFileOf(dir))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = join(root, 'b');
    writeFileSync(lockFileOf(dir), '2147483646\n');
    expect(dataDirHolder(dir)).toBeNull();
    const release = lockDataDir(dir);
    expect(dataDirHolder(dir)).toBe(process.pid);
    release();
  });
});
