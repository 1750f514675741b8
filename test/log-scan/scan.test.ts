import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { maskPiiInText } from '../../src/platform/log.js';
import { scanLogDir, scanLogText } from './scan.js';

const ID = makeIdNumber('411202', '19900307', '241');

describe('the log scan that fails the run on personal data', () => {
  it('finds a valid ID number, a mobile number and an argon2 hash planted in a log line', () => {
    const line = JSON.stringify({
      msg: `register ${ID}`,
      err: { params: ['13937120001', '$argon2id$v=19$m=19456,t=2,p=1$abc$def'] },
    });
    const kinds = scanLogText(line).map((f) => f.kind);
    expect(kinds).toEqual(['id-number', 'mobile', 'password-hash']);
    // The report itself does not repeat what it found.
    expect(JSON.stringify(scanLogText(line))).not.toContain(ID);
  });

  it('ignores 18-digit runs whose check digit fails, longer runs and masked numbers', () => {
    const wrongCheck = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
    expect(scanLogText(`${wrongCheck} 1733300000000 ${ID}9 4112**********2415 139****0001`)).toEqual([]);
  });

  it('finds nothing in a line the logger has masked', () => {
    expect(scanLogText(maskPiiInText(`${ID} 13937120001 $argon2id$v=19$x`))).toEqual([]);
  });

  it('scans every captured file of a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-scan-'));
    try {
      writeFileSync(join(dir, 'a.log'), '{"msg":"ok"}\n');
      writeFileSync(join(dir, 'b.log'), `{"msg":"ok"}\n{"msg":"${ID}"}\n`);
      const r = scanLogDir(dir);
      expect([r.files, r.lines]).toEqual([2, 3]);
      expect(r.findings).toMatchObject([{ file: 'b.log', line: 2, kind: 'id-number' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
