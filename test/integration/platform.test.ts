import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { startTestApp, TEST_METRICS_TOKEN, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

describe.each(ENGINES)('platform on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: false });
  });
  afterAll(() => t.close());

  it('reports health once migrated', async () => {
    const r = await t.call('GET', '/healthz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('publishes Prometheus metrics with request durations, pool and build info', async () => {
    await t.call('GET', '/healthz');
    const r = await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    expect(r.body).toMatch(/db_pool_connections\{state="total"\}/);
    expect(r.body).toMatch(/tongban_build_info\{/);
  });

  it('publishes the OpenAPI document', async () => {
    const r = await t.call('GET', '/docs/json');
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/catalog/search', '/api/catalog/items/{code}']),
    );
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const r = await t.call('GET', '/api/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 404, code: 'not_found', title: '未找到' });
  });

  it('answers malformed JSON with 400 validation_failed, not 500', async () => {
    const r = await t.app.http.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"type": "person", ',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body' }] });
  });

  it('answers a wrong content type with 415', async () => {
    const r = await t.app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('unsupported_media_type');
  });

  it('replays an Idempotency-Key instead of registering twice, and refuses the key for another body', async () => {
    const body = {
      type: 'person',
      name: '幂等测试',
      idNumber: makeIdNumber('411202', '19880808', '123'),
      phone: '13912349999',
      password: 'Qiye@2026x',
    };
    const headers = { 'idempotency-key': 'reg-1' };
    const first = await t.call('POST', '/api/auth/register', { body, headers });
    const second = await t.call('POST', '/api/auth/register', { body, headers });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const other = await t.call('POST', '/api/auth/register', { body: { ...body, name: '别人' }, headers });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    // Without the key the duplicate is a conflict: the first call really created the account once.
    const dup = await t.call('POST', '/api/auth/register', { body });
    expect(dup.statusCode).toBe(409);
  });

  it('tags every response with a request id', async () => {
    const r = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'trace-abc' } });
    expect(r.headers['x-request-id']).toBe('trace-abc');
  });

  it('sends security headers', async () => {
    const r = await t.call('GET', '/healthz');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });
});
