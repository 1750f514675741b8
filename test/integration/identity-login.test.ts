import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { currentOtp } from '../../src/modules/identity/otp.js';
import { startTestApp, TEST_METRICS_TOKEN, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const PASSWORD = 'Denglu@2026x';

/** The problem body without what legitimately differs between two requests. */
const shape = (r: {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): Record<string, unknown>;
}) => ({
  status: r.statusCode,
  retryAfter: r.headers['retry-after'] !== undefined,
  body: r.json(),
});

describe.each(ENGINES)('login hardening on %s', (engine) => {
  let t: TestApp;
  let seq = 0;
  const login = (ip: string, username: string, password: string, otp?: string) =>
    t.app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      payload: { username, password, ...(otp ? { otp } : {}) },
    });
  /** A freshly registered person: their ID number, phone and account id. */
  async function person(name = '测试人') {
    seq++;
    const idNumber = makeIdNumber('411202', '19880808', String(100 + seq).padStart(3, '0'));
    const phone = `1391500${String(1000 + seq).slice(-4)}`;
    const r = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name, idNumber, phone, password: PASSWORD },
    });
    expect(r.statusCode).toBe(201);
    return { idNumber, phone, id: r.json().id as string };
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('answers an unknown account and a wrong password identically, with no attempts count', async () => {
    const p = await person();
    const wrong = await login('10.1.0.1', p.idNumber, 'Wrong@2026x');
    const unknown = await login('10.1.0.1', makeIdNumber('411202', '19700101', '999'), 'Wrong@2026x');
    expect(wrong.statusCode).toBe(401);
    expect(shape(unknown)).toEqual(shape(wrong));
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.json().detail).not.toMatch(/\d/);
  });

  it('locks the (account, client) pair for that client only: another client still logs in', async () => {
    const p = await person();
    for (let i = 0; i < 5; i++)
      expect((await login('10.2.0.1', p.idNumber, 'Wrong@2026x')).statusCode).toBe(401);
    const locked = await login('10.2.0.1', p.idNumber, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('too_many_requests');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('10.2.0.2', p.idNumber, PASSWORD)).statusCode).toBe(200);
  });

  it('gives a locked unknown name the same answer as a locked account', async () => {
    const p = await person();
    const ghost = makeIdNumber('411202', '19710101', '998');
    for (let i = 0; i < 5; i++) {
      await login('10.3.0.1', p.idNumber, 'Wrong@2026x');
      await login('10.3.0.1', ghost, 'Wrong@2026x');
    }
    const a = await login('10.3.0.1', p.idNumber, PASSWORD);
    const b = await login('10.3.0.1', ghost, PASSWORD);
    expect(a.statusCode).toBe(429);
    expect(shape(b)).toEqual(shape(a));
  });

  it('grows the pair lock: the second lock is longer than the first', async () => {
    const p = await person();
    for (let i = 0; i < 5; i++) await login('10.4.0.1', p.idNumber, 'Wrong@2026x');
    const first = Number((await login('10.4.0.1', p.idNumber, PASSWORD)).headers['retry-after']);
    // Let the first lock run out (as time would), then fail five more times.
    await t.app.database.db
      .withTables<{ auth_throttle: { scope: string; locked_until: Date | null } }>()
      .updateTable('auth_throttle')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('scope', '=', 'pair')
      .execute();
    for (let i = 0; i < 5; i++)
      expect((await login('10.4.0.1', p.idNumber, 'Wrong@2026x')).statusCode).toBe(401);
    const second = Number((await login('10.4.0.1', p.idNumber, PASSWORD)).headers['retry-after']);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
  });

  it('refuses password spraying from one client with 429, whichever names it tries', async () => {
    const p = await person();
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      // Without TRUST_PROXY a made-up X-Forwarded-For changes nothing: the peer address is the client.
      const r = await t.app.http.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.5.0.1',
        headers: { 'x-forwarded-for': `192.0.2.${i}` },
        payload: { username: makeIdNumber('411202', '19600101', String(100 + i)), password: 'Spring@2026' },
      });
      codes.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(r.json().code).toBe('too_many_requests');
        expect(r.headers['retry-after']).toBeDefined();
      }
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    // The sprayer is limited even for a real account; the owner elsewhere is not.
    expect((await login('10.5.0.1', p.idNumber, PASSWORD)).statusCode).toBe(429);
    expect((await login('10.5.0.2', p.idNumber, PASSWORD)).statusCode).toBe(200);
  });

  it('does not count successful logins against the client', async () => {
    const p = await person();
    for (let i = 0; i < 30; i++) expect((await login('10.6.0.1', p.idNumber, PASSWORD)).statusCode).toBe(200);
  });

  it('locks an account globally after far more failures from many clients; the owner unlocks by SMS code', async () => {
    const p = await person();
    // 20 clients × 5 failures = the global limit of 100: no single client was able to reach it.
    for (let c = 0; c < 20; c++)
      for (let i = 0; i < 5; i++) await login(`10.7.${c}.1`, p.idNumber, 'Wrong@2026x');
    const elsewhere = await login('10.7.99.1', p.idNumber, PASSWORD);
    expect(elsewhere.statusCode).toBe(429);
    const sent = t.sms.length;
    const req = await t.call('POST', '/api/auth/sms-codes', { body: { phone: p.phone, purpose: 'unlock' } });
    expect(req.statusCode).toBe(202);
    const sms = t.sms[sent];
    expect(sms?.phone).toBe(p.phone);
    const code = /验证码为(\d{6})/.exec(sms!.text)![1]!;
    const un = await t.call('POST', '/api/auth/unlock', { body: { phone: p.phone, code } });
    expect(un.statusCode).toBe(204);
    expect((await login('10.7.99.1', p.idNumber, PASSWORD)).statusCode).toBe(200);
  }, 120_000); // 100 argon2 verifications: slow on a shared machine

  it("lets an admin of the account's region unlock it, ending its sessions; a foreign admin cannot see it", async () => {
    const p = await person();
    const before = await login('10.8.0.9', p.idNumber, PASSWORD);
    const oldToken = before.json().token as string;
    for (let i = 0; i < 5; i++) await login('10.8.0.1', p.idNumber, 'Wrong@2026x');
    expect((await login('10.8.0.1', p.idNumber, PASSWORD)).statusCode).toBe(429);
    await t.app.identity.ensureAccount({
      kind: 'staff',
      username: `ly-admin-${engine}`,
      name: '洛阳管理员',
      roles: ['admin'],
      region_code: '410300',
      department_code: null,
      id_number: null,
      uscc: null,
      phone: null,
      legal_rep_name: null,
      legal_rep_id_number: null,
      password: DEMO_PASSWORD,
    });
    const foreign = await t.login(`ly-admin-${engine}`);
    const refused = await t.call('POST', `/api/admin/accounts/${p.id}/unlock`, { token: foreign });
    expect(refused.statusCode).toBe(404);
    const admin = await t.login('demo-admin');
    const lookup = `/api/admin/accounts?username=${p.phone}`;
    const seen = await t.call('GET', lookup, { token: admin });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      id: p.id,
      locked: true,
      phoneMasked: expect.stringContaining('****'),
    });
    expect(seen.body).not.toContain(p.phone);
    expect((await t.call('GET', lookup, { token: foreign })).statusCode).toBe(404);
    const ok = await t.call('POST', `/api/admin/accounts/${p.id}/unlock`, { token: admin });
    expect(ok.statusCode).toBe(204);
    expect((await t.call('GET', lookup, { token: admin })).json().locked).toBe(false);
    expect((await login('10.8.0.1', p.idNumber, PASSWORD)).statusCode).toBe(200);
    expect((await t.call('GET', '/api/me', { token: oldToken })).statusCode).toBe(401);
  });

  it('asks non-demo staff for a TOTP code only after the password checked out, and enrols them at creation', async () => {
    const admin = await t.login('demo-admin');
    const created = await t.call('POST', '/api/admin/staff', {
      token: admin,
      body: {
        username: `otp-clerk-${engine}`,
        name: '口令窗口',
        password: PASSWORD,
        roles: ['window'],
        regionCode: '411200',
        departmentCode: 'ZWFW-411200',
      },
    });
    expect(created.statusCode).toBe(201);
    const { otpSecret, otpauthUrl, id } = created.json();
    expect(otpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    const user = `otp-clerk-${engine}`;
    const wrongPw = await login('10.9.0.1', user, 'Wrong@2026x');
    expect(wrongPw.json().code).toBe('invalid_credentials');
    const noOtp = await login('10.9.0.1', user, PASSWORD);
    expect(noOtp.statusCode).toBe(401);
    expect(noOtp.json().code).toBe('otp_required');
    const badOtp = await login(
      '10.9.0.1',
      user,
      PASSWORD,
      '000000' === currentOtp(otpSecret) ? '111111' : '000000',
    );
    expect(badOtp.json().code).toBe('otp_invalid');
    const code = currentOtp(otpSecret);
    const ok = await login('10.9.0.1', user, PASSWORD, code);
    expect(ok.statusCode).toBe(200);
    // RFC 6238 §5.2: a code is accepted once.
    const replay = await login('10.9.0.2', user, PASSWORD, code);
    expect(replay.json().code).toBe('otp_invalid');
    // The secret is stored sealed, never as issued.
    const row = await t.app.database.db
      .withTables<{ accounts: { id: string; otp_secret_enc: string | null } }>()
      .selectFrom('accounts')
      .select('otp_secret_enc')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.otp_secret_enc).toMatch(/^sm4:/);
    expect(row.otp_secret_enc).not.toContain(otpSecret);
    // Demo staff, seeded with demo data, keep logging in with the password alone.
    expect((await login('10.9.0.3', 'demo-clerk', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('ends a staff member’s sessions when an admin changes their roles', async () => {
    const admin = await t.login('demo-admin');
    const token = await t.login('demo-inspector');
    const staff = await t.call('GET', '/api/admin/staff', { token: admin });
    const id = staff.json().items.find((s: { username: string }) => s.username === 'demo-inspector').id;
    const r = await t.call('PATCH', `/api/admin/staff/${id}`, {
      token: admin,
      body: { roles: ['inspector', 'reviewer'] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().roles).toEqual(['inspector', 'reviewer']);
    expect((await t.call('GET', '/api/me', { token })).statusCode).toBe(401);
  });

  it('marks every answer to a signed-in request Cache-Control: no-store', async () => {
    const token = await t.login('demo-person');
    for (const url of [
      '/api/me',
      '/api/cases?mine=1',
      '/api/licences?mine=1',
      '/api/catalog/items?limit=1',
    ]) {
      const r = await t.call('GET', url, { token });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    const l = await login('10.10.0.1', 'demo-person', DEMO_PASSWORD);
    expect(l.headers['cache-control']).toBe('no-store');
  });

  it('serves /metrics only with the metrics bearer token', async () => {
    const none = await t.call('GET', '/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    const session = await t.login('demo-admin');
    expect((await t.call('GET', '/metrics', { token: session })).statusCode).toBe(401);
    const ok = await t.call('GET', '/metrics', {
      headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/tongban_build_info/);
  });
});

describe.each(ENGINES)('login client behind a trusted proxy on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: false, env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => t.close());

  it('takes the first X-Forwarded-For hop as the client with TRUST_PROXY=1', async () => {
    const idNumber = makeIdNumber('411202', '19890909', '909');
    await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '代理人', idNumber, phone: '13915009090', password: PASSWORD },
    });
    const via = (xff: string, password: string) =>
      t.app.http.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': xff },
        payload: { username: idNumber, password },
      });
    for (let i = 0; i < 5; i++)
      expect((await via('198.51.100.7, 10.0.0.2', 'Wrong@2026x')).statusCode).toBe(401);
    expect((await via('198.51.100.7, 10.0.0.3', PASSWORD)).statusCode).toBe(429);
    // Another person behind the same proxy is another client.
    expect((await via('198.51.100.8, 10.0.0.2', PASSWORD)).statusCode).toBe(200);
  });
});
