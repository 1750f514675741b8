import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { bodyFor, hostileValue, type Samples, type Schema, toJson, urlValue } from './fuzz-arbitraries.js';
import { tableFingerprint } from './fuzz-support.js';

/**
 * Issue 9 §4: hostile input for EVERY operation of the OpenAPI document, generated from its schema,
 * sent as each role. Whatever comes in: no 5xx, every 4xx is problem+json with a code (and fields
 * when validation failed), and a refused request changes no row of any table.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 14);

/** Every demo account, so that a role added to the demo data is fuzzed too. */
const ROLES = DEMO_ACCOUNTS.map((a) => a.username);

/** A failed login counts toward the lockout by design: that refusal is meant to change a row. */
const STATEFUL_REFUSALS = new Set(['POST /api/auth/login']);

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: { name: string; in: 'path' | 'query'; schema: Schema }[];
  body?: Schema;
  multipart: boolean;
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      ops.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        params: ((op.parameters as Operation['params'] | undefined) ?? []).filter(
          (p) => p.in === 'path' || p.in === 'query',
        ),
        body: content?.['application/json']?.schema,
        multipart: !!content?.['multipart/form-data'],
      });
    }
  }
  return ops;
}

describe.each(ENGINES)('fuzzing every operation on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const samples: Samples = {};
  let ops: Operation[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const r of ROLES) tokens[r] = await t.login(r);
    // Real objects to aim at: a draft, a file, a case, licences, messages of real people.
    const person = tokens['demo-person']!;
    const draft = (
      await t.call('POST', '/api/cases/drafts', { token: person, body: { data: { a: 1 } } })
    ).json();
    const fileId = await t.upload(person);
    const enterprise = tokens['demo-enterprise']!;
    const licences = (await t.call('GET', '/api/licences?mine=1', { token: enterprise })).json().items ?? [];
    const items = (await t.call('GET', '/api/catalog/items?limit=5')).json().items ?? [];
    const bundles = (await t.call('GET', '/api/catalog/bundles')).json().items ?? [];
    const caseBody = {
      itemCode: 'SCJG-XK-007-01',
      regionCode: '411200',
      form: {
        entName: 'x',
        uscc: 'y',
        legalRep: '李明远',
        premises: '峡州市',
        mainBusiness: '餐饮服务经营者',
        businessItems: ['热食类食品制售'],
        online: false,
        area: 120,
        phone: '13937120002',
      },
      materials: [],
      delivery: { mode: 'window' },
    };
    const created = await t.call('POST', '/api/cases', { token: enterprise, body: caseBody });
    const caseIds = created.statusCode === 201 ? [created.json().id] : [];
    const ids = [draft.id, fileId, ...caseIds, ...licences.map((l: { id: string }) => l.id)].filter(Boolean);
    Object.assign(samples, {
      id: [...ids, '00000000-0000-0000-0000-000000000000', 1, 999999],
      code: [...items.map((i: { code: string }) => i.code), ...bundles.map((b: { code: string }) => b.code)],
      itemCode: items.map((i: { code: string }) => i.code),
      bundleCode: bundles.map((b: { code: string }) => b.code),
      regionCode: ['411200', '411202', '410000', '110000'],
      region: ['411200', '411202'],
      year: [2026, 2027, 1899],
      username: ['demo-person', 'demo-admin', 'nobody'],
      password: [DEMO_PASSWORD, 'wrong'],
      fileId: [fileId],
      materialId: ['m1', 'm2', 'm4'],
      action: ['accept', 'reject', 'withdraw', 'approve', 'complete-step'],
    });
    ops = operationsOf(t.app.http.swagger() as never).filter((o) => !o.path.startsWith('/docs'));
  });
  afterAll(() => t.close());

  function assertAnswer(op: Operation, url: string, r: LightMyRequestResponse) {
    const where = `${op.method} ${url.slice(0, 200)} → ${r.statusCode} ${r.body.slice(0, 300)}`;
    expect(r.statusCode, where).toBeLessThan(500);
    if (r.statusCode >= 400) {
      expect(r.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      const p = r.json();
      expect(typeof p.code, where).toBe('string');
      expect(p.status, where).toBe(r.statusCode);
      if (p.code === 'validation_failed') {
        expect(Array.isArray(p.errors) && p.errors.length > 0, where).toBe(true);
        for (const e of p.errors) expect(typeof e.field, where).toBe('string');
      }
    }
  }

  it('covers every operation of the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/cases', 'POST /api/files', 'PUT /api/admin/calendar/years/{year}']),
    );
  });

  it('notices a change: the fingerprint is not blind', async () => {
    const before = await tableFingerprint(t.app.database.db);
    const r = await t.call('POST', '/api/cases/drafts', {
      token: tokens['demo-person'],
      body: { data: { b: 2 } },
    });
    expect(r.statusCode).toBe(201);
    expect(await tableFingerprint(t.app.database.db)).not.toEqual(before);
  });

  it('answers hostile input to every operation, as every role, without 5xx or state change on refusal', async () => {
    const tally: Record<string, number> = {};
    let last = await tableFingerprint(t.app.database.db);
    const roles = fc.constantFrom<string | null>(null, ...ROLES, 'bogus-token');
    for (const op of ops) {
      // Logging out would end the shared sessions; it is fuzzed with no or bogus credentials.
      const roleArb =
        op.path === '/api/auth/logout' ? fc.constantFrom<string | null>(null, 'bogus-token') : roles;
      const pathArbs = Object.fromEntries(
        op.params.filter((p) => p.in === 'path').map((p) => [p.name, urlValue(p.name, p.schema, samples)]),
      );
      const queryArbs = Object.fromEntries(
        op.params
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, fc.option(urlValue(p.name, p.schema, samples), { freq: 3 })]),
      );
      const bodyArb = op.multipart
        ? fc.oneof(hostileValue, fc.constant(undefined))
        : bodyFor(op.body, samples);
      await fc.assert(
        fc.asyncProperty(
          roleArb,
          fc.record(pathArbs),
          fc.record(queryArbs),
          fc.option(fc.constantFrom('extra=1', 'limit=-1&limit=2', 'x%00=1', 'q[]=a'), { freq: 4 }),
          bodyArb,
          fc.constantFrom(
            'application/json',
            'application/json',
            'application/json',
            'text/plain',
            'multipart/form-data; boundary=x',
          ),
          // Headers the platform reads: an idempotency key and a request id of any shape.
          fc.option(
            fc.record({
              'idempotency-key': fc.oneof(
                fc.constantFrom('', ' ', 'k'.repeat(300), 'ÿþ', 'key;drop'),
                fc.string({ maxLength: 30 }).filter((x) => /^[\x20-\x7e]*$/.test(x)),
              ),
              'x-request-id': fc.constantFrom('../../x', 'r'.repeat(200), 'ok-id'),
            }),
            { freq: 3 },
          ),
          async (role, path, query, extraQuery, body, contentType, extraHeaders) => {
            let url = op.path.replace(/\{(\w+)\}/g, (_, k: string) => path[k] ?? 'x');
            const qs = Object.entries(query)
              .filter(([, v]) => v !== null)
              .map(([k, v]) => `${k}=${v}`);
            if (extraQuery) qs.push(extraQuery);
            if (qs.length) url += `?${qs.join('&')}`;
            const token =
              role === null ? undefined : role === 'bogus-token' ? 'Bearer x.y' : `Bearer ${tokens[role]}`;
            const hasBody = body !== undefined && op.method !== 'GET';
            const r = await t.app.http.inject({
              method: op.method,
              url,
              headers: {
                ...(token ? { authorization: token } : {}),
                ...(hasBody ? { 'content-type': contentType } : {}),
                ...(extraHeaders ?? {}),
              },
              ...(hasBody ? { payload: toJson(body) } : {}),
            });
            assertAnswer(op, url, r);
            tally[`${op.method} ${op.path} ${r.statusCode}`] =
              (tally[`${op.method} ${op.path} ${r.statusCode}`] ?? 0) + 1;
            // One fingerprint per request: after a refusal it must equal the last one taken.
            const after = await tableFingerprint(t.app.database.db);
            if (r.statusCode >= 400 && !STATEFUL_REFUSALS.has(`${op.method} ${op.path}`)) {
              expect(after, `${op.method} ${url.slice(0, 200)} refused but changed state`).toEqual(last);
            }
            last = after;
          },
        ),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify(tally, null, 1));
  }, 240_000);
});
