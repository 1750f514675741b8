import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { hashPassword } from '../../src/modules/identity/password.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const PASSWORD = 'Zhaohui@2026x';
const NEW_PASSWORD = 'Xinmima@2026y';

describe.each(ENGINES)('account recovery and personal data at rest on %s', (engine) => {
  let t: TestApp;
  let seq = 0;
  const codeIn = (text: string) => /验证码为(\d{6})/.exec(text)?.[1];
  async function person() {
    seq++;
    const idNumber = makeIdNumber('411202', '19910909', String(200 + seq));
    const phone = `1372600${String(1000 + seq).slice(-4)}`;
    const r = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '找回人', idNumber, phone, password: PASSWORD },
    });
    expect(r.statusCode).toBe(201);
    return { idNumber, phone, id: r.json().id as string };
  }
  async function requestCode(body: Record<string, string>) {
    const before = t.sms.length;
    const r = await t.call('POST', '/api/auth/sms-codes', { body });
    expect(r.statusCode).toBe(202);
    return { response: r, sms: t.sms.slice(before) };
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('resets a password by SMS code, ending every session; the code works once', async () => {
    const p = await person();
    const oldToken = await t.login(p.idNumber, PASSWORD);
    const { sms } = await requestCode({ username: p.idNumber, purpose: 'reset' });
    expect(sms).toHaveLength(1);
    expect(sms[0]!.phone).toBe(p.phone);
    const code = codeIn(sms[0]!.text)!;
    const wrong = await t.call('POST', '/api/auth/password-reset', {
      body: {
        username: p.idNumber,
        code: code === '000000' ? '000001' : '000000',
        newPassword: NEW_PASSWORD,
      },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('sms_code_invalid');
    const ok = await t.call('POST', '/api/auth/password-reset', {
      body: { username: p.idNumber, code, newPassword: NEW_PASSWORD },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.call('GET', '/api/me', { token: oldToken })).statusCode).toBe(401);
    expect(
      (await t.call('POST', '/api/auth/login', { body: { username: p.idNumber, password: PASSWORD } }))
        .statusCode,
    ).toBe(401);
    expect(await t.login(p.phone, NEW_PASSWORD)).toBeTruthy();
    const again = await t.call('POST', '/api/auth/password-reset', {
      body: { username: p.idNumber, code, newPassword: PASSWORD },
    });
    expect(again.statusCode).toBe(400);
  });

  it('answers a code request for an unknown account exactly as for a real one, and sends nothing', async () => {
    const p = await person();
    const real = await requestCode({ phone: p.phone, purpose: 'reset' });
    const ghost = await requestCode({ phone: '13726009999', purpose: 'reset' });
    expect(ghost.response.json()).toEqual(real.response.json());
    expect(real.sms).toHaveLength(1);
    expect(ghost.sms).toHaveLength(0);
    const guess = await t.call('POST', '/api/auth/password-reset', {
      body: { phone: '13726009999', code: '123456', newPassword: NEW_PASSWORD },
    });
    expect(guess.statusCode).toBe(400);
    expect(guess.json().code).toBe('sms_code_invalid');
  });

  it('sends one person at most one code a minute, however often it is asked for', async () => {
    const p = await person();
    expect((await requestCode({ username: p.idNumber, purpose: 'unlock' })).sms).toHaveLength(1);
    const again = await requestCode({ username: p.idNumber, purpose: 'unlock' });
    expect(again.sms).toHaveLength(0);
    expect(again.response.json()).toMatchObject({ accepted: true });
  });

  it('refuses bad input naming the fields, and sends nothing', async () => {
    const before = t.sms.length;
    const r = await t.call('POST', '/api/auth/sms-codes', { body: { purpose: 'steal' } });
    expect(r.statusCode).toBe(400);
    expect(
      r
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['purpose']);
    const none = await t.call('POST', '/api/auth/sms-codes', { body: { purpose: 'reset' } });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([{ field: 'username', message: expect.any(String) }]);
    const weak = await t.call('POST', '/api/auth/password-reset', {
      body: { username: 'x', code: '12a', newPassword: 'weak' },
    });
    expect(weak.statusCode).toBe(400);
    expect(
      weak
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['code', 'newPassword']);
    expect(t.sms.length).toBe(before);
  });

  it('kills a code after five wrong tries', async () => {
    const p = await person();
    const code = codeIn((await requestCode({ username: p.idNumber, purpose: 'reset' })).sms[0]!.text)!;
    const other = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/api/auth/password-reset', {
        body: { username: p.idNumber, code: other, newPassword: NEW_PASSWORD },
      });
      expect(r.statusCode).toBe(400);
    }
    const late = await t.call('POST', '/api/auth/password-reset', {
      body: { username: p.idNumber, code, newPassword: NEW_PASSWORD },
    });
    expect(late.statusCode).toBe(400);
  });

  it('lets a person registered at the window claim the account by SMS code and log in', async () => {
    const clerk = await t.login('demo-clerk');
    const idNumber = makeIdNumber('411202', '19650606', '606');
    const phone = '13726006060';
    const walkIn = await t.call('POST', '/api/window/applicants', {
      token: clerk,
      body: { type: 'person', name: '窗口代办人', idNumber, phone },
    });
    expect(walkIn.statusCode).toBe(201);
    expect(
      (await t.call('POST', '/api/auth/login', { body: { username: idNumber, password: PASSWORD } }))
        .statusCode,
    ).toBe(401);
    // A reset code is not sent to an account that has no password yet; a claim code is.
    expect((await requestCode({ username: idNumber, purpose: 'reset' })).sms).toHaveLength(0);
    const { sms } = await requestCode({ username: idNumber, purpose: 'claim' });
    expect(sms).toHaveLength(1);
    expect(sms[0]!.phone).toBe(phone);
    const claim = await t.call('POST', '/api/auth/password-reset', {
      body: { username: idNumber, code: codeIn(sms[0]!.text)!, newPassword: NEW_PASSWORD },
    });
    expect(claim.statusCode).toBe(204);
    const token = await t.login(idNumber, NEW_PASSWORD);
    expect((await t.call('GET', '/api/me', { token })).json()).toMatchObject({
      name: '窗口代办人',
      kind: 'person',
    });
    // Claiming is once: the account now has a password, so a claim code is no longer sent.
    expect((await requestCode({ username: idNumber, purpose: 'claim' })).sms).toHaveLength(0);
  });

  it('stores no ID number or phone in clear anywhere in the identity tables, yet finds accounts by them', async () => {
    const p = await person();
    await requestCode({ username: p.idNumber, purpose: 'reset' });
    await t.call('POST', '/api/auth/login', { body: { username: p.phone, password: 'Wrong@2026x' } });
    const dump = async (table: string) =>
      (
        await sql<{ row: string }>`select row_to_json(x)::text as row from ${sql.table(table)} x`.execute(
          t.app.database.db,
        )
      ).rows
        .map((r) => r.row)
        .join('\n');
    for (const table of ['accounts', 'sms_codes', 'auth_throttle', 'sessions']) {
      const text = await dump(table);
      expect(text, table).not.toContain(p.idNumber);
      expect(text, table).not.toContain(p.phone);
    }
    const accounts = await dump('accounts');
    expect(accounts).toContain('sm4:');
    expect(await t.login(p.idNumber, PASSWORD)).toBeTruthy();
    expect(await t.login(p.phone, PASSWORD)).toBeTruthy();
    // The window finds the person by ID number and sees it masked.
    const clerk = await t.login('demo-clerk');
    const found = await t.call('GET', `/api/window/applicants?number=${p.idNumber}`, { token: clerk });
    expect(found.json().items[0]).toMatchObject({ id: p.id, numberMasked: expect.stringContaining('*') });
    expect(found.body).not.toContain(p.idNumber);
    // A second registration with the same number is still refused (the blind index is unique).
    const dup = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '重复', idNumber: p.idNumber, phone: '13726008888', password: PASSWORD },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('seals plaintext rows left by an older database once, at start-up, and they still log in', async () => {
    const idNumber = makeIdNumber('411202', '19770707', '707');
    const phone = '13726007070';
    const db = t.app.database.db.withTables<{
      accounts: {
        id: string;
        kind: string;
        username: string;
        name: string;
        id_number: string | null;
        phone: string | null;
        password_hash: string;
        region_code: string;
      };
    }>();
    const id = '00000000-0000-4000-8000-000000000707';
    await db
      .insertInto('accounts')
      .values({
        id,
        kind: 'person',
        username: idNumber,
        name: '旧数据',
        id_number: idNumber,
        phone,
        password_hash: await hashPassword(PASSWORD),
        region_code: '411202',
      })
      .execute();
    expect(await t.app.identity.sealLegacyPlaintext()).toBe(1);
    expect(await t.app.identity.sealLegacyPlaintext()).toBe(0);
    const row = await sql<{
      row: string;
    }>`select row_to_json(a)::text as row from accounts a where id = ${id}`.execute(t.app.database.db);
    expect(row.rows[0]!.row).not.toContain(idNumber);
    expect(row.rows[0]!.row).not.toContain(phone);
    expect(await t.login(idNumber, PASSWORD)).toBeTruthy();
    expect(await t.login(phone, PASSWORD)).toBeTruthy();
    const me = await t.call('GET', '/api/me', { token: await t.login(phone, PASSWORD) });
    expect(me.json().username).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
  });

  it('changes the password with the current one, ending every other session but this one', async () => {
    const p = await person();
    const here = await t.login(p.idNumber, PASSWORD);
    const elsewhere = await t.login(p.phone, PASSWORD);
    const wrong = await t.call('POST', '/api/me/password', {
      token: here,
      body: { currentPassword: 'Wrong@2026x', newPassword: NEW_PASSWORD },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const ok = await t.call('POST', '/api/me/password', {
      token: here,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.call('GET', '/api/me', { token: here })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/me', { token: elsewhere })).statusCode).toBe(401);
    expect(await t.login(p.idNumber, NEW_PASSWORD)).toBeTruthy();
  });

  it('ends an idle session after the idle timeout, before its absolute expiry', async () => {
    const token = await t.login('demo-person');
    expect((await t.call('GET', '/api/me', { token })).statusCode).toBe(200);
    await t.app.database.db
      .withTables<{ sessions: { last_seen_at: Date; revoked_at: Date | null } }>()
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('revoked_at', 'is', null)
      .execute();
    expect((await t.call('GET', '/api/me', { token })).statusCode).toBe(401);
  });
});

describe.each(ENGINES)('production mode on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    // seedDemo left to the app: production mode decides.
    t = await startTestApp(engine, { env: { NODE_ENV: 'production' }, build: { seedDemo: undefined } });
  });
  afterAll(() => t.close());

  it('creates no demo accounts unless SEED_DEMO=1', async () => {
    expect(t.app.startup.demoSeeded).toBe(false);
    const r = await t.call('POST', '/api/auth/login', {
      body: { username: 'demo-person', password: DEMO_PASSWORD },
    });
    expect(r.statusCode).toBe(401);
  });

  it('refuses demo accounts an earlier seeding left in the database', async () => {
    await t.app.identity.ensureAccount({
      kind: 'staff',
      username: 'demo-clerk',
      name: '旧演示',
      roles: ['window'],
      region_code: '411200',
      department_code: 'ZWFW-411200',
      id_number: null,
      uscc: null,
      phone: null,
      legal_rep_name: null,
      legal_rep_id_number: null,
      password: DEMO_PASSWORD,
    });
    const r = await t.call('POST', '/api/auth/login', {
      body: { username: 'demo-clerk', password: DEMO_PASSWORD },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('invalid_credentials');
  });

  it('sets the session cookie Secure', async () => {
    const idNumber = makeIdNumber('411202', '19930303', '303');
    await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '生产人', idNumber, phone: '13726003030', password: PASSWORD },
    });
    const r = await t.call('POST', '/api/auth/login', { body: { username: idNumber, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['set-cookie']).toMatch(/; Secure/);
  });
});
