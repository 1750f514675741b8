import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyStore, PUBLIC_KEYS_FILE, readPublicKeyFile } from './keystore.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tongban-keys-'));
  dirs.push(d);
  return join(d, 'keys');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('licence key store', () => {
  it('writes a new private key readable by its owner only, and exports the public half', () => {
    const dir = tempDir();
    const store = createKeyStore(dir);
    const key = store.generate('SCJG-411200');
    expect(key.kid).toMatch(/^SCJG-411200-[0-9a-f]{12}$/);
    expect(statSync(join(dir, `${key.kid}.key`)).mode & 0o777).toBe(0o600);
    const exported = readPublicKeyFile(join(dir, PUBLIC_KEYS_FILE));
    expect(exported).toEqual([
      { kid: key.kid, departmentCode: 'SCJG-411200', publicKey: key.publicKey, createdAt: key.createdAt },
    ]);
    expect(readFileSync(join(dir, PUBLIC_KEYS_FILE), 'utf8')).not.toContain(key.privateKey);
  });

  it('loads the keys again after a restart and signs with the newest of a department', () => {
    const dir = tempDir();
    const first = createKeyStore(dir);
    const old = first.generate('GA-411202', new Date('2025-01-01T00:00:00Z'));
    const rotated = first.generate('GA-411202', new Date('2026-01-01T00:00:00Z'));
    const again = createKeyStore(dir);
    again.load();
    expect(again.activeKey('GA-411202')?.kid).toBe(rotated.kid);
    expect(again.publicKey(old.kid)?.publicKey).toBe(old.publicKey);
    expect(again.activeKey('SCJG-411200')).toBeUndefined();
  });

  it('refuses to load a key file whose halves do not belong together', async () => {
    const dir = tempDir();
    const store = createKeyStore(dir);
    const key = store.generate('SCJG-411200');
    const other = createKeyStore(tempDir()).generate('SCJG-411200');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, `${key.kid}.key`), JSON.stringify({ ...key, privateKey: other.privateKey }));
    expect(() => createKeyStore(dir).load()).toThrow(/damaged/);
  });
});
