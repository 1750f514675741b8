import { request as httpRequest } from 'node:http';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { tableFingerprint } from './fuzz-support.js';

/** The concrete hostile inputs of issue 9 §4; fuzz.test.ts generates the rest from the OpenAPI document. */
describe.each(ENGINES)('input validation at the edge on %s', (engine) => {
  let t: TestApp;
  let person: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    person = await t.login('demo-person');
  });
  afterAll(() => t.close());

  const expectProblem = (r: LightMyRequestResponse, status: number, field: string) => {
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = r.json();
    expect(typeof body.code).toBe('string');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };

  it('refuses a NUL byte in a path parameter with 400 naming it', async () => {
    expectProblem(await t.call('GET', '/api/catalog/items/%00abc'), 400, 'code');
  });

  it('refuses a NUL byte in a query parameter with 400 naming it', async () => {
    expectProblem(await t.call('GET', '/api/catalog/search?q=%E5%BC%A0%00'), 400, 'q');
  });

  it('refuses NUL and lone surrogates in JSON strings, naming the field path, and stores nothing', async () => {
    const before = await tableFingerprint(t.app.database.db);
    expectProblem(
      await t.call('POST', '/api/auth/register', {
        body: {
          type: 'person',
          name: '张三',
          idNumber: '11010519491231002X',
          phone: '13800138000\u0000',
          password: 'Abcdef@123',
        },
      }),
      400,
      'phone',
    );
    expectProblem(
      await t.call('POST', '/api/cases/drafts', {
        token: person,
        body: { data: { form: { a: 'x\ud800' } } },
      }),
      400,
      'data.form.a',
    );
    expect(await tableFingerprint(t.app.database.db)).toEqual(before);
  });

  it('refuses JSON nested 5,000 deep with 400 before parsing it', async () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const r = await t.app.http.inject({
      method: 'POST',
      url: '/api/cases/drafts',
      headers: { authorization: `Bearer ${person}`, 'content-type': 'application/json' },
      payload: `{"data":{"a":${deep}}}`,
    });
    expectProblem(r, 400, 'data');
  });

  it('refuses a prototype-poisoning key', async () => {
    const r = await t.app.http.inject({
      method: 'POST',
      url: '/api/cases/drafts',
      headers: { authorization: `Bearer ${person}`, 'content-type': 'application/json' },
      payload: '{"data":{"__proto__":{"isAdmin":true}}}',
    });
    expectProblem(r, 400, 'data.__proto__');
  });

  it('answers a 1 MB query string with 414 problem+json', async () => {
    expectProblem(await t.call('GET', `/api/catalog/items?q=${'a'.repeat(1024 * 1024)}`), 414, 'url');
  });

  it('answers a truncated multipart upload with 400 naming file, and records no file', async () => {
    const before = await tableFingerprint(t.app.database.db);
    const b = 'tongbanTruncated';
    const r = await t.app.http.inject({
      method: 'POST',
      url: '/api/files',
      headers: { authorization: `Bearer ${person}`, 'content-type': `multipart/form-data; boundary=${b}` },
      payload: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut`,
    });
    expectProblem(r, 400, 'file');
    expect(await tableFingerprint(t.app.database.db)).toEqual(before);
  });

  it('stores an upload whose file name holds a NUL byte or broken UTF-8 without a 5xx', async () => {
    for (const name of [
      Buffer.from('a\u0000b.pdf'),
      Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x2e, 0x70, 0x64, 0x66]),
    ]) {
      const b = 'tongbanName';
      const r = await t.app.http.inject({
        method: 'POST',
        url: '/api/files',
        headers: { authorization: `Bearer ${person}`, 'content-type': `multipart/form-data; boundary=${b}` },
        payload: Buffer.concat([
          Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="`),
          name,
          Buffer.from('"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n'),
          Buffer.from(`\r\n--${b}--\r\n`),
        ]),
      });
      expect(r.statusCode, r.body).toBeLessThan(500);
      if (r.statusCode >= 400) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it("answers Node's own refusals with problem+json on a real socket: 431 for big headers, 414 for long URLs", async () => {
    const port = 3400 + ENGINES.indexOf(engine);
    // Closed by t.close() with the rest of the app.
    await t.app.http.listen({ port, host: '127.0.0.1' });
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c) => {
            body += c;
          });
          r.on('end', () =>
            resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }),
          );
        });
        req.on('error', reject);
        req.end();
      });
    const answers = [
      [await get('/healthz', { 'x-padding': 'a'.repeat(32 * 1024) }), 431, 'header_too_large'],
      // Past Node's 16 KiB the request line itself overflows; below it our own limit answers.
      [await get(`/api/catalog/search?q=${'a'.repeat(100 * 1024)}`), 431, 'header_too_large'],
      [await get(`/api/catalog/search?q=${'a'.repeat(10 * 1024)}`), 414, 'uri_too_long'],
    ] as const;
    for (const [res, status, code] of answers) {
      expect(res.status).toBe(status);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body)).toMatchObject({ status, code });
    }
  });
});
