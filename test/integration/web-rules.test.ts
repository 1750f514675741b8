import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_LABEL, STATUSES } from '../../src/modules/cases/state.js';
import { ROLES } from '../../src/platform/principal.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

// The server is the web app's only source of rules: GET /api/meta and the case view's allowedActions.

const FOOD = 'SCJG-XK-007-01'; // m4, m5 may be deferred (容缺)
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

type Allowed = { action: string; requires: string[]; stepIds?: string[]; blockedBy: string | null };

describe.each(ENGINES)('rules the web app takes from the server, on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-enterprise', 'demo-person', 'demo-clerk', 'demo-reviewer', 'demo-approver'])
      tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  const allowed = async (who: string, id: string) => {
    const r = await t.call('GET', `/api/cases/${id}`, { token: tok[who] });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().allowedActions as Allowed[]).map((a) => a.action);
  };
  const act = async (who: string, id: string, body: Record<string, unknown>) => {
    const r = await t.call('POST', `/api/cases/${id}/actions`, { token: tok[who], body });
    expect(r.statusCode, r.body).toBe(200);
  };

  it('publishes labels, 容缺 days, the upload limit, the home region and the portal name without login', async () => {
    const r = await t.call('GET', '/api/meta');
    expect(r.statusCode).toBe(200);
    const m = r.json();
    expect(m.portalName).toBe('豫中政务服务网');
    expect(m.homeRegion).toEqual({ code: '411200', name: '峡州市' });
    expect(m.cases.statuses.map((s: { code: string }) => s.code)).toEqual([...STATUSES]);
    for (const s of m.cases.statuses) expect(s.label).toBe(STATUS_LABEL[s.code as keyof typeof STATUS_LABEL]);
    expect(m.cases.deferredDays).toBe(5);
    expect(m.uploads.maxBytes).toBe(20 * 1024 * 1024);
    expect(m.uploads.types.map((x: { kind: string }) => x.kind)).toEqual(['pdf', 'jpg', 'png', 'ofd']);
    expect(m.cases.commitmentTemplate).toContain('{material}');
    expect(m.cases.commitmentTemplate).toContain('{applicant}');
    // Every role the server accepts for a staff account, with its name (the web keeps no list).
    expect(m.roles.map((x: { code: string }) => x.code)).toEqual([...ROLES]);
    expect(m.roles.find((x: { code: string }) => x.code === 'auditor')?.label).toBe('安全审计');
  });

  it('lists for each caller exactly the actions the service would let them take now', async () => {
    const f = () => t.upload(tok['demo-enterprise']!);
    const body = {
      itemCode: FOOD,
      regionCode: '411200',
      form: FOOD_FORM,
      materials: [
        { materialId: 'm1', fileId: await f() },
        { materialId: 'm2', fileId: await f() },
        { materialId: 'm3', fileId: await f() },
        { materialId: 'm4', deferred: true },
        { materialId: 'm5', fileId: await f() },
      ],
      delivery: { mode: 'window' },
    };
    const r = await t.call('POST', '/api/cases', { token: tok['demo-enterprise'], body });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;

    expect(await allowed('demo-enterprise', id)).toEqual(['withdraw']);
    // 容缺: the clerk is offered 容缺受理, not 受理 (which the service would refuse with a 409).
    expect(await allowed('demo-clerk', id)).toEqual(['accept-deferred', 'reject', 'request-correction']);
    // Another person's case is not found at all; before acceptance the department's reviewer may
    // only ask for a correction (TRANSITIONS), and the approver has nothing to do.
    expect((await t.call('GET', `/api/cases/${id}`, { token: tok['demo-person'] })).statusCode).toBe(404);
    expect(await allowed('demo-reviewer', id)).toEqual(['request-correction']);
    expect(await allowed('demo-approver', id)).toEqual([]);

    await act('demo-clerk', id, { action: 'accept-deferred' });
    const reviewer = (await t.call('GET', `/api/cases/${id}`, { token: tok['demo-reviewer'] })).json();
    const complete = (reviewer.allowedActions as Allowed[]).find((a) => a.action === 'complete-step');
    expect(complete?.requires).toEqual(['stepId']);
    expect(complete?.stepIds?.length).toBeGreaterThan(0);
    expect(await allowed('demo-clerk', id)).toEqual(['request-correction']);

    // Every action offered is one the server then accepts: walk the review steps by what is offered.
    for (let i = 0; i < 5; i++) {
      const v = (await t.call('GET', `/api/cases/${id}`, { token: tok['demo-reviewer'] })).json();
      const step = (v.allowedActions as Allowed[]).find((a) => a.action === 'complete-step');
      if (!step) break;
      await act('demo-reviewer', id, { action: 'complete-step', stepId: step.stepIds![0] });
    }
    const approver = (await t.call('GET', `/api/cases/${id}`, { token: tok['demo-approver'] })).json();
    const approve = (approver.allowedActions as Allowed[]).find((a) => a.action === 'approve');
    // Allowed by role and state, but the 容缺 material is still owed: offered with the reason.
    expect(approve?.blockedBy).toMatch(/容缺材料尚未补齐/);
    const deny = (approver.allowedActions as Allowed[]).find((a) => a.action === 'deny');
    expect(deny?.requires).toEqual(['comment']);
    const refused = await t.call('POST', `/api/cases/${id}/actions`, {
      token: tok['demo-approver'],
      body: { action: 'approve' },
    });
    expect(refused.statusCode).toBe(409);
  });
});
