import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPiiCipher, PII_KEY_FILE, testPiiCipher } from './pii-crypto.js';

describe('PII field encryption', () => {
  const c = testPiiCipher();

  it('round-trips a value, with a fresh IV each time', () => {
    const a = c.encrypt('13912340001');
    const b = c.encrypt('13912340001');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13912340001');
    expect(c.decrypt(a)).toBe('13912340001');
    expect(c.decrypt(b)).toBe('13912340001');
  });

  it('refuses a sealed value whose ciphertext was changed', () => {
    const parts = c.encrypt('411202199003072410').split(':');
    const ct = parts[3]!;
    parts[3] = (ct[0] === '0' ? '1' : '0') + ct.slice(1);
    expect(() => c.decrypt(parts.join(':'))).toThrow(/integrity/);
  });

  it('gives a stable blind index per field, different across fields', () => {
    expect(c.index('phone', '13912340001')).toBe(c.index('phone', '13912340001'));
    expect(c.index('phone', '13912340001')).not.toBe(c.index('id_number', '13912340001'));
    expect(c.index('phone', '13912340001')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('creates the key file once (mode 0600) and refuses to invent a new key when sealed data exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-'));
    try {
      const first = await loadPiiCipher(dir, () => true);
      const sealed = first.encrypt('secret');
      const again = await loadPiiCipher(dir, () => false);
      expect(again.decrypt(sealed)).toBe('secret');
      expect(statSync(join(dir, PII_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, PII_KEY_FILE), 'utf8')).toContain('tongban-pii-keys/v1');
      const empty = mkdtempSync(join(tmpdir(), 'pii-'));
      await expect(loadPiiCipher(empty, () => false)).rejects.toThrow(/missing/);
      rmSync(empty, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
