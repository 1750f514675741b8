import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { makeUscc } from '../../src/modules/identity/uscc.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const PASSWORD = 'Qiye@2026x';

describe.each(ENGINES)('identity on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: false });
  });
  afterAll(() => t.close());

  const idNumber = makeIdNumber('411202', '19920415', '318');

  it('registers a person and logs in by ID number, then by phone', async () => {
    const r = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '陈一峡', idNumber, phone: '13912340001', password: PASSWORD },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ username: idNumber });
    const byId = await t.call('POST', '/api/auth/login', {
      body: { username: idNumber, password: PASSWORD },
    });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().user).toMatchObject({ name: '陈一峡', kind: 'person', roles: [] });
    expect(byId.headers['set-cookie']).toMatch(/tb_session=.*HttpOnly; SameSite=Strict/);
    const byPhone = await t.call('POST', '/api/auth/login', {
      body: { username: '13912340001', password: PASSWORD },
    });
    expect(byPhone.statusCode).toBe(200);
    const me = await t.call('GET', '/api/me', { token: byPhone.json().token });
    expect(me.json()).toMatchObject({ name: '陈一峡', regionCode: '411202' });
  });

  it('accepts a lowercase x check digit and stores it as X', async () => {
    let n = '';
    for (let seq = 100; seq < 999 && !n.endsWith('X'); seq++)
      n = makeIdNumber('411221', '19800101', String(seq));
    const r = await t.call('POST', '/api/auth/register', {
      body: {
        type: 'person',
        name: '刘二',
        idNumber: n.toLowerCase(),
        phone: '13912340009',
        password: PASSWORD,
      },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().username).toBe(n);
  });

  it('refuses a wrong check digit, naming the field, and creates nothing', async () => {
    const last = idNumber.at(-1) === '1' ? '2' : '1';
    const bad = idNumber.slice(0, 17) + last;
    const r = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '陈二', idNumber: bad, phone: '13912340002', password: PASSWORD },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    const p = r.json();
    expect(p.code).toBe('validation_failed');
    expect(p.errors).toEqual([{ field: 'idNumber', message: expect.stringContaining('校验位') }]);
    const login = await t.call('POST', '/api/auth/login', {
      body: { username: '13912340002', password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });

  it('lists every bad field at once', async () => {
    const r = await t.call('POST', '/api/auth/register', {
      body: {
        type: 'enterprise',
        name: 'A',
        uscc: '91411200MA9XKT2L7O',
        legalRepName: '王',
        legalRepIdNumber: '123',
        phone: '123',
        password: 'short',
      },
    });
    expect(r.statusCode).toBe(400);
    const fields = r
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['legalRepIdNumber', 'legalRepName', 'name', 'password', 'phone', 'uscc']);
  });

  it('registers an enterprise by USCC; a second account with the same USCC or phone is 409', async () => {
    const uscc = makeUscc('91411200MA9XKT3L7');
    const body = {
      type: 'enterprise',
      name: '峡州市测试科技有限公司',
      uscc,
      legalRepName: '周法人',
      legalRepIdNumber: makeIdNumber('411200', '19790101', '011'),
      phone: '13912340003',
      password: PASSWORD,
    };
    expect((await t.call('POST', '/api/auth/register', { body })).statusCode).toBe(201);
    const again = await t.call('POST', '/api/auth/register', { body: { ...body, phone: '13912340004' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_registered');
    const samePhone = await t.call('POST', '/api/auth/register', {
      body: {
        type: 'person',
        name: '钱三',
        idNumber: makeIdNumber('411224', '19900101', '020'),
        phone: '13912340003',
        password: PASSWORD,
      },
    });
    expect(samePhone.statusCode).toBe(409);
    const login = await t.call('POST', '/api/auth/login', { body: { username: uscc, password: PASSWORD } });
    expect(login.json().user.kind).toBe('enterprise');
  });

  it('locks the account for this client after five wrong passwords, even for the right one', async () => {
    const id = makeIdNumber('411202', '19950505', '555');
    await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '孙锁定', idNumber: id, phone: '13912340005', password: PASSWORD },
    });
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/api/auth/login', { body: { username: id, password: 'Wrong@2026' } });
      expect(r.statusCode).toBe(401);
    }
    const right = await t.call('POST', '/api/auth/login', { body: { username: id, password: PASSWORD } });
    expect(right.statusCode).toBe(429);
    // The contract's one code for every limit: the answer does not say whether the account exists.
    expect(right.json().code).toBe('too_many_requests');
    expect(right.headers['retry-after']).toBeDefined();
  });

  it('revokes the session on logout', async () => {
    const token = await t.login(idNumber, PASSWORD);
    expect((await t.call('GET', '/api/me', { token })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/auth/logout', { token })).statusCode).toBe(204);
    const after = await t.call('GET', '/api/me', { token });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const rows = await t.app.database.db
      .withTables<{ accounts: { username: string; password_hash: string } }>()
      .selectFrom('accounts')
      .select(['password_hash'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe('login rate limit', () => {
  it('answers 429 after too many attempts from one address for one username', async () => {
    const { buildApp } = await import('../../src/app.js');
    const { loadConfig } = await import('../../src/platform/config.js');
    const { freshDatabase } = await import('../helpers/engines.js');
    const db = await freshDatabase('pglite');
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), {
      database: db.handle,
      seedDemo: false,
      serveWeb: false,
      loginRateLimitPerMinute: 3,
    });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.http.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
      codes.push(r.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    // The limit is per address and username: another username from the same address still gets an answer.
    const other = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'somebody', password: 'x' },
    });
    expect(other.statusCode).toBe(401);
    await app.close();
    await db.drop();
  });
});
