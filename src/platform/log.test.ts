import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskPiiInText } from './log.js';

describe('personal data in logs', () => {
  it('masks ID numbers and mobile numbers inside free text', () => {
    expect(maskPiiInText('/api/x?id=41120219900307241X&p=13937120001')).toBe(
      '/api/x?id=4112**********241X&p=139****0001',
    );
  });

  it('redacts passwords, ID numbers, phones and tokens in logged objects', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info({ body: { password: 'Secret@1', idNumber: '411202199003072415', phone: '13937120001' } }, 'x');
    log.info({ user: { token: 'abc' } }, 'y');
    const out = lines.join('');
    expect(out).not.toMatch(/Secret@1|411202199003072415|13937120001|"abc"/);
    expect(out).toMatch(/\[redacted\]/);
  });
});
