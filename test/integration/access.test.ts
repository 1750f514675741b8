import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { staffLogin } from '../helpers/staff.js';

describe.each(ENGINES)('access rules on %s', (engine) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of [
      'demo-person',
      'demo-enterprise',
      'demo-clerk',
      'demo-reviewer',
      'demo-admin',
      'demo-agent',
    ]) {
      tokens[u] = await t.login(u);
    }
  });
  afterAll(() => t.close());

  it('declares a rule on every API route; each route touching an object by id names its rule', () => {
    const api = t.app.routes.filter((r) => r.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(15);
    // Role, scope and relation per route × action × role × region × object: access-matrix.test.ts.
    for (const r of api.filter((x) => x.url.includes(':id')))
      expect(r.access.object, `${r.method} ${r.url}`).toBeDefined();
  });

  it("keeps an administrator to their own region's staff", async () => {
    await t.app.identity.ensureAccount({
      kind: 'staff',
      username: 'luochuan-admin',
      name: '洛川管理员',
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
    const foreign = await t.login('luochuan-admin');
    const list = await t.call('GET', '/api/admin/staff', { token: foreign });
    expect(list.json().items.map((s: { username: string }) => s.username)).toEqual(['luochuan-admin']);
    const own = await t.call('GET', '/api/admin/staff', { token: tokens['demo-admin'] });
    expect(own.json().items.map((s: { username: string }) => s.username)).toContain('demo-clerk');
    expect(own.json().items.map((s: { username: string }) => s.username)).not.toContain('luochuan-admin');

    const body = {
      username: 'xz-clerk2',
      name: '窗口二',
      password: 'Chuang@2026',
      roles: ['window'],
      regionCode: '411221',
      departmentCode: null,
    };
    const outside = await t.call('POST', '/api/admin/staff', { token: foreign, body });
    expect(outside.statusCode).toBe(403);
    const inside = await t.call('POST', '/api/admin/staff', { token: tokens['demo-admin'], body });
    expect(inside.statusCode).toBe(201);
    const wrongDept = await t.call('POST', '/api/admin/staff', {
      token: tokens['demo-admin'],
      body: { ...body, username: 'xz-clerk3', departmentCode: 'GA-410300' },
    });
    expect(wrongDept.statusCode).toBe(400);
    expect(wrongDept.json().errors[0].field).toBe('departmentCode');
    // Up the tree is outside too: a city admin may not create province staff, a county admin city staff.
    const province = await t.call('POST', '/api/admin/staff', {
      token: tokens['demo-admin'],
      body: { ...body, username: 'xz-clerk4', regionCode: '410000' },
    });
    expect(province.statusCode).toBe(403);
    const county = await staffLogin(t, 'xj-admin', ['admin'], '411202');
    const up = await t.call('POST', '/api/admin/staff', {
      token: county,
      body: { ...body, username: 'xz-clerk5', regionCode: '411200' },
    });
    expect(up.statusCode).toBe(403);
    const countyList = await t.call('GET', '/api/admin/staff', { token: county });
    expect(countyList.json().items.map((s: { username: string }) => s.username)).not.toContain('demo-clerk');
  });
});
