import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import type { Role } from '../../src/platform/http/access.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

/** Fill path parameters with something plausible: the access check runs before the handler looks. */
const concrete = (url: string) => url.replace(/:(\w+)/g, 'X-1');

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

  it('declares a rule on every API route', () => {
    const api = t.app.routes.filter((r) => r.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(15);
  });

  it('refuses every non-public route without a session, and with a session of the wrong kind or role', async () => {
    const staffOf: Record<Role, string | undefined> = {
      window: 'demo-clerk',
      reviewer: 'demo-reviewer',
      approver: undefined,
      issuer: undefined,
      agent: 'demo-agent',
      supervisor: undefined,
      inspector: undefined,
      admin: 'demo-admin',
      handler: undefined,
      credit: undefined,
      auditor: undefined,
    };
    let checked = 0;
    for (const r of t.app.routes) {
      if (r.access.kind === 'public') continue;
      const url = concrete(r.url);
      const method = r.method as 'GET' | 'POST';
      const anon = await t.call(method, url, { body: method === 'GET' ? undefined : {} });
      expect(anon.statusCode, `${r.method} ${r.url} without session`).toBe(401);
      const wrong: string[] = [];
      if (r.access.kind === 'staff') {
        const roles = r.access.roles;
        wrong.push('demo-person', 'demo-enterprise');
        for (const [role, user] of Object.entries(staffOf))
          if (user && !roles.includes(role as Role)) wrong.push(user);
      } else if (r.access.kind === 'applicant') {
        wrong.push('demo-clerk', 'demo-admin');
      }
      for (const u of new Set(wrong)) {
        const res = await t.call(method, url, { token: tokens[u], body: method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${r.method} ${r.url} as ${u}`).toBe(403);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
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
  });
});
