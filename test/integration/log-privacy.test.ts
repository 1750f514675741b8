import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSON_ID } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { scanLogText } from '../log-scan/scan.js';

/** The app's real logger (Fastify + pino, as configured) with a real database error carrying PII. */
describe.each(ENGINES)('personal data in the logs on %s', (engine) => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    t = await startTestApp(engine, { logStream: sink as never });
  });
  afterAll(() => t.close());

  it('logs a database error without the statement parameters that held an ID number, phone and hash', async () => {
    const err = await sql`select ${DEMO_PERSON_ID}::int, ${'13937120001'}::int, ${'$argon2id$v=19$m=1$x$y'}`
      .execute(t.app.database.db)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    lines.length = 0;
    t.app.http.log.error({ err }, `unhandled error for ${DEMO_PERSON_ID}`);
    const out = lines.join('');
    expect(out).toContain('"err"');
    expect(out).toContain('4112**********');
    expect(scanLogText(out)).toEqual([]);
  });

  it('masks ID numbers in logged request URLs', async () => {
    const clerk = await t.login('demo-clerk');
    lines.length = 0;
    const r = await t.call('GET', `/api/window/applicants?number=${DEMO_PERSON_ID}`, { token: clerk });
    expect(r.statusCode).toBe(200);
    const out = lines.join('');
    expect(out).toContain('/api/window/applicants?number=4112**********');
    expect(scanLogText(out)).toEqual([]);
  });
});
