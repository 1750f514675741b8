import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LEGAL_REP_ID, DEMO_PASSWORD, DEMO_USCC } from '../../src/demo/accounts.js';
import { runWithContext } from '../../src/platform/context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const FOOD = 'SCJG-XK-007-01';
const FOOD_FORM = {
  entName: '峡州市通办餐饮管理有限公司',
  uscc: '91411200MA9XKT2L7X',
  legalRep: '李明远',
  premises: '峡州市峡江区滨江路88号',
  mainBusiness: '餐饮服务经营者',
  businessItems: ['热食类食品制售'],
  online: false,
  area: 120,
  phone: '13937120002',
};

interface Item {
  seq: number;
  at: string;
  actor: string | null;
  role: string | null;
  client: string | null;
  action: string;
  object: string | null;
  outcome: string;
}

describe.each(ENGINES)('audit log over HTTP on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  let auditor: string;
  let acceptedCase: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-enterprise', 'demo-person', 'demo-clerk', 'demo-reviewer', 'demo-admin'])
      tok[u] = await t.login(u);
    // 三员分立: the auditor is a staff account of its own, made by the administrator like any other.
    const made = await t.call('POST', '/api/admin/staff', {
      token: tok['demo-admin'],
      body: {
        username: 'audit-zhang',
        name: '张审计',
        password: DEMO_PASSWORD,
        roles: ['auditor'],
        regionCode: '411200',
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    // A new staff account enrols its TOTP before it can log in; the demo auditor reads the log here.
    auditor = await t.login('demo-auditor');
  });
  afterAll(() => t.close());

  const read = async (query: string, token = auditor) => {
    const r = await t.call('GET', `/api/admin/audit?${query}`, { token });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { total: number; items: Item[] };
  };

  it('records failed and successful logins with the account, its role and the client address', async () => {
    const bad = await t.call('POST', '/api/auth/login', {
      body: { username: 'Demo-Clerk ', password: 'wrong-password' },
    });
    expect(bad.statusCode).toBe(401);
    const byNumber = await t.call('POST', '/api/auth/login', {
      body: { username: '411202199001011234', password: 'wrong-password' },
    });
    expect(byNumber.statusCode).toBe(401);
    await t.login('demo-reviewer');
    const { items } = await read('action=auth.login&limit=500');
    const failed = items.filter((i) => i.outcome === 'failure');
    expect(failed.find((i) => i.object === 'demo-clerk')).toMatchObject({
      actor: 'demo-clerk',
      role: null,
      client: '127.0.0.1',
    });
    // A login name that is an ID number is never in the log in clear.
    expect(failed.some((i) => i.object === '4112**********1234')).toBe(true);
    expect(JSON.stringify(items)).not.toContain('411202199001011234');
    expect(items.find((i) => i.outcome === 'success' && i.actor === 'demo-reviewer')).toMatchObject({
      role: 'reviewer',
      client: '127.0.0.1',
    });
  });

  it('records the creation of a staff account with the roles it was given', async () => {
    const { items } = await read('action=staff.create');
    expect(items[0]).toMatchObject({
      actor: 'demo-admin',
      role: 'admin',
      object: 'audit-zhang',
      outcome: 'success',
    });
    const row = await sql<{
      detail: { roles: string[] };
    }>`select detail from audit_log where seq = ${items[0]!.seq}`.execute(t.app.database.db);
    expect(row.rows[0]!.detail.roles).toEqual(['auditor']);
  });

  it('records a case decision in the transaction of the decision, with who decided and from where', async () => {
    const ent = tok['demo-enterprise']!;
    const materials = [];
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5'])
      materials.push({ materialId: m, fileId: await t.upload(ent) });
    const sub = await t.call('POST', '/api/cases', {
      token: ent,
      body: {
        itemCode: FOOD,
        regionCode: '411200',
        form: FOOD_FORM,
        materials,
        delivery: { mode: 'window' },
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const id = sub.json().id as string;
    // The reviewer sees the case (it is routed to their department) but may never accept it: 403.
    const refused = await t.call('POST', `/api/cases/${id}/actions`, {
      token: tok['demo-reviewer'],
      body: { action: 'accept' },
    });
    expect(refused.statusCode).toBe(403);
    const accepted = await t.call('POST', `/api/cases/${id}/actions`, {
      token: tok['demo-clerk'],
      body: { action: 'accept' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    acceptedCase = id;
    const { items } = await read('action=case.accept');
    expect(items.find((i) => i.object === `case:${id}`)).toMatchObject({
      actor: 'demo-clerk',
      role: 'window',
      // TRUST_PROXY is off: a forwarded header cannot forge the client address.
      client: '127.0.0.1',
      outcome: 'success',
    });
    // An accept refused by the state machine changes nothing, and leaves no decision entry.
    const again = await t.call('POST', `/api/cases/${id}/actions`, {
      token: tok['demo-clerk'],
      body: { action: 'accept' },
    });
    expect(again.statusCode).toBe(409);
    expect((await read('action=case.accept')).items.filter((i) => i.object === `case:${id}`)).toHaveLength(1);
    const denied = await read('action=access.denied&actor=demo-reviewer');
    expect(denied.items[0]).toMatchObject({
      role: 'reviewer',
      object: 'POST /api/cases/:id/actions',
      outcome: 'denied',
    });

    // A staff member reading the applicant's document is logged; the applicant reading their own is not.
    const fileId = materials[0]!.fileId;
    expect((await t.call('GET', `/api/files/${fileId}`, { token: tok['demo-clerk'] })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/files/${fileId}`, { token: ent })).statusCode).toBe(200);
    const reads = (await read('action=file.read')).items.filter((i) => i.object === `file:${fileId}`);
    expect(reads.map((i) => [i.actor, i.outcome])).toEqual([['demo-clerk', 'success']]);
  });

  it('records data lookups for a case with the purpose', async () => {
    // 企业注销登记 draws on 纳税信息 (DR-NSXX): the 市场监管 reviewer checks it for the enterprise and its
    // legal representative, parties of the case.
    const ent = tok['demo-enterprise']!;
    const materials = [];
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5'])
      materials.push({ materialId: m, fileId: await t.upload(ent) });
    const sub = await t.call('POST', '/api/cases', {
      token: ent,
      body: {
        itemCode: 'SCJG-XK-003-01',
        regionCode: '411200',
        form: {
          entName: '峡州市通办餐饮管理有限公司',
          uscc: DEMO_USCC,
          cancelReason: '股东会决议解散',
          liquidationAnnounceDate: '2026-10-01',
          liquidationHead: '李清算',
          phone: '13937120001',
        },
        materials,
        delivery: { mode: 'window' },
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const caseId = sub.json().id as string;
    const accept = await t.call('POST', `/api/cases/${caseId}/actions`, {
      token: tok['demo-clerk'],
      body: { action: 'accept' },
    });
    expect(accept.statusCode, accept.body).toBe(200);
    const lookup = (body: Record<string, unknown>) =>
      t.call('POST', '/api/sharing/lookups', { token: tok['demo-reviewer'], body: { caseId, ...body } });
    const byUscc = await lookup({ resource: 'DR-NSXX', subjectNumber: DEMO_USCC, purpose: '核对纳税状态' });
    expect([200, 404], byUscc.body).toContain(byUscc.statusCode);
    // 纳税信息 answers by USCC only: a person's number is refused before any lookup, and never logged in clear.
    const byRep = await lookup({
      resource: 'DR-NSXX',
      subjectNumber: DEMO_LEGAL_REP_ID,
      purpose: '核对法定代表人',
    });
    expect(byRep.statusCode).toBe(400);
    const { items } = await read('action=sharing.lookup');
    expect(items.find((i) => i.object === `DR-NSXX:${DEMO_USCC}`)).toMatchObject({
      actor: 'demo-reviewer',
      role: 'reviewer',
    });
    expect(JSON.stringify(items)).not.toContain(DEMO_LEGAL_REP_ID);
    const detail = await sql<{ detail: { purpose: string; caseId: string } }>`
      select detail from audit_log where action = 'sharing.lookup' and object = ${`DR-NSXX:${DEMO_USCC}`}`.execute(
      t.app.database.db,
    );
    expect(detail.rows[0]!.detail).toMatchObject({ purpose: '核对纳税状态', caseId });
  });

  it('records calendar changes and licence reads by staff with who did them, in the service', async () => {
    const admin = (await t.call('GET', '/api/me', { token: tok['demo-admin'] })).json();
    const principal = { ...admin, kind: 'staff' as const };
    const ctx = { requestId: 'audit-test', principal, client: '10.0.0.7', idempotency: null };
    await runWithContext(ctx, () =>
      t.app.calendar.loadYear(admin.id, 2031, {
        source: '国务院办公厅关于2031年部分节假日安排的通知（测试）',
        days: [{ date: '2031-01-01', kind: 'holiday', name: '元旦' }],
      }),
    );
    expect((await read('action=calendar.load_year')).items[0]).toMatchObject({
      actor: 'demo-admin',
      role: 'admin',
      client: '10.0.0.7',
      object: 'calendar_year:2031',
    });

    const approver = (await t.call('GET', '/api/me', { token: await t.login('demo-approver') })).json();
    const issuer = { ...approver, kind: 'staff' as const };
    const held = await t.call('GET', '/api/licences?mine=1', { token: tok['demo-enterprise'] });
    const licence = held.json().items.find((l: { typeCode: string }) => l.typeCode === 'LIC-YYZZ');
    expect(licence, 'the demo enterprise holds a 营业执照').toBeDefined();
    // Staff read a licence for a case of their department whose applicant holds it, with a purpose.
    await runWithContext({ ...ctx, principal: issuer }, () =>
      t.app.licences.get(issuer, licence!.id, { caseId: acceptedCase, purpose: '核对营业执照' }),
    );
    expect((await read('action=licence.staff_read')).items[0]).toMatchObject({
      actor: 'demo-approver',
      role: 'approver,issuer',
      object: `licence:${licence!.id}`,
    });
  });

  it('lets the auditor read and filter the log, page by page, and refuses the administrator (三员分立)', async () => {
    const admin = await t.call('GET', '/api/admin/audit', { token: tok['demo-admin'] });
    expect(admin.statusCode).toBe(403);
    expect((await t.call('GET', '/api/admin/audit')).statusCode).toBe(401);
    // A route that names its action records a refusal under it, as denied.
    expect((await read('action=audit.read&actor=demo-admin')).items[0]).toMatchObject({
      role: 'admin',
      outcome: 'denied',
    });

    const all = await read('limit=500');
    expect(all.total).toBe(all.items.length);
    expect(all.items.map((i) => i.seq)).toEqual([...all.items.map((i) => i.seq)].sort((a, b) => b - a));
    // The seeded calendar and catalog import are there, done by the system.
    expect(all.items.find((i) => i.action === 'catalog.import')).toMatchObject({
      actor: 'system',
      role: 'system',
    });
    expect(all.items.some((i) => i.action === 'calendar.load_year')).toBe(true);

    // Reads add audit.read entries, so paging is checked on a filter reads do not grow.
    const logins = await read('action=auth.login&limit=500');
    const page = await read('action=auth.login&limit=2&offset=1');
    expect(page.items.map((i) => i.seq)).toEqual(logins.items.slice(1, 3).map((i) => i.seq));
    expect(page.total).toBe(logins.total);

    const prefix = await read('action=auth.*');
    expect(prefix.items.length).toBeGreaterThan(0);
    expect(prefix.items.every((i) => i.action.startsWith('auth.'))).toBe(true);

    expect(await read('from=2999-01-01')).toEqual({ total: 0, items: [] });
    const since = logins.items[2]!.at;
    const window = await read(`action=auth.login&from=${encodeURIComponent(since)}`);
    expect(window.total).toBeGreaterThanOrEqual(3);
    expect(window.items.every((i) => i.at >= since)).toBe(true);
    const before = await read(`action=auth.login&to=${encodeURIComponent(since)}`);
    expect(before.total + window.total).toBe(logins.total);

    const bad = await t.call('GET', '/api/admin/audit?from=yesterday&limit=9999', { token: auditor });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['from', 'limit']));
    const nul = await t.call('GET', '/api/admin/audit?actor=a%00b', { token: auditor });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].field).toBe('actor');
    const reversed = await t.call('GET', '/api/admin/audit?from=2026-02-01&to=2026-01-01', {
      token: auditor,
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors[0].field).toBe('to');

    // Reading the log is itself in the log.
    expect((await read('action=audit.read&limit=1')).items[0]).toMatchObject({
      actor: 'demo-auditor',
      role: 'auditor',
    });
  });

  it('chains what was recorded, signs the head, and verifies intact', async () => {
    await t.app.audit.chain();
    const cp = await t.app.audit.checkpoint();
    expect(cp?.chainPos).toBeGreaterThan(10);
    const v = await t.app.audit.verify();
    expect(v).toMatchObject({ ok: true, broken: null, checkpoints: 1 });
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where hash is not null`.execute(t.app.database.db);
    expect(v.entries).toBe(count.rows[0]!.n);
  });
});
