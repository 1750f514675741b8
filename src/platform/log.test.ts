import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskPiiInText } from './log.js';

const ID = '411202199003072415';
const PHONE = '13937120001';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: pino(loggerOptions('info'), sink), out: () => lines.join('') };
}

describe('personal data in logs', () => {
  it('masks ID numbers and mobile numbers inside free text, also when glued to letters', () => {
    expect(maskPiiInText('/api/x?id=41120219900307241X&p=13937120001')).toBe(
      '/api/x?id=4112**********241X&p=139****0001',
    );
    expect(maskPiiInText(`idNumber${ID}tel${PHONE}`)).toBe('idNumber4112**********2415tel139****0001');
    // Longer digit runs (timestamps, amounts) are not numbers of people.
    expect(maskPiiInText('1733300000000 4112021990030724150')).toBe('1733300000000 4112021990030724150');
  });

  it('redacts passwords, ID numbers, phones and tokens in logged objects', () => {
    const { log, out } = capture();
    log.info({ body: { password: 'Secret@1', idNumber: ID, phone: PHONE } }, 'x');
    log.info({ user: { token: 'abc' } }, 'y');
    expect(out()).not.toMatch(/Secret@1|411202199003072415|13937120001|"abc"/);
    expect(out()).toMatch(/\[redacted\]/);
  });

  it('masks numbers and hashes in message strings and in keys it does not know', () => {
    const { log, out } = capture();
    log.info(`registered ${ID} with ${PHONE}`);
    log.warn({ somewhere: { deep: [`x${ID}`, HASH] } }, 'odd');
    expect(out()).not.toContain(ID);
    expect(out()).not.toContain(PHONE);
    expect(out()).not.toContain('$argon2');
    expect(out()).toContain('4112**********2415');
  });

  it('logs a database error without its statement parameters', () => {
    const { log, out } = capture();
    const err = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      query: 'insert into accounts (id_number, phone, password_hash) values ($1, $2, $3)',
      params: [ID, PHONE, HASH],
      parameters: [ID, PHONE, HASH],
      detail: `Key (id_number)=(${ID}) already exists.`,
    });
    log.error({ err }, 'unhandled error');
    const line = JSON.parse(out());
    expect(line.err).toMatchObject({ type: 'Error', code: '22021' });
    expect(line.err.params).toBeUndefined();
    expect(line.err.parameters).toBeUndefined();
    expect(line.err.query).toBeUndefined();
    expect(line.err.detail).toBe('Key (id_number)=(4112**********2415) already exists.');
    expect(out()).not.toMatch(/411202199003072415|13937120001|\$argon2/);
  });
});
