import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSON_ID } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

/** 开办餐饮店一件事 as 张晓峡 (a person opening a 个体 restaurant): one form for five departments' items. */
const FORM = {
  entName: '张记小馆',
  operatorName: '张晓峡',
  operatorId: DEMO_PERSON_ID,
  organizationForm: '个人经营',
  premises: '峡州市峡江区滨江路18号',
  businessScope: '餐饮服务',
  employees: 4,
  capital: 20,
  phone: '13937120001',
  uscc: '92411202MA9XKT2L7X',
  legalRep: '张晓峡',
  mainBusiness: '餐饮服务经营者',
  businessItems: ['热食类食品制售'],
  online: false,
  area: 80,
  location: '峡江区滨江路18号门头',
  facilityType: '门头招牌',
  size: '6×1.2',
  months: 36,
  dischargerType: '餐饮',
  address: '峡州市峡江区滨江路18号',
  dailyVolume: 3,
  outlets: 1,
  venueType: '宾馆、饭店',
  floorArea: 80,
  floors: '1层',
  mode: '告知承诺',
};

describe.each(ENGINES)('一件事一次办 on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  let bundle: { materials: { id: string; required: boolean }[]; items: { code: string }[] };
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-person', 'demo-enterprise', 'demo-clerk', 'demo-reviewer', 'demo-approver'])
      tok[u] = await t.login(u);
    bundle = (await t.call('GET', '/api/catalog/bundles/BD-KBCYD')).json();
  });
  afterAll(() => t.close());

  async function body(over: Record<string, unknown> = {}) {
    const file = await t.upload(tok['demo-person']!);
    return {
      bundleCode: 'BD-KBCYD',
      regionCode: '411200',
      form: FORM,
      materials: bundle.materials.filter((m) => m.required).map((m) => ({ materialId: m.id, fileId: file })),
      delivery: { mode: 'window' },
      ...over,
    };
  }

  it('creates one parent and one sub-case per item, each routed to its department, from one form', async () => {
    const r = await t.call('POST', '/api/cases', { token: tok['demo-person'], body: await body() });
    expect(r.statusCode, r.body).toBe(201);
    const created = r.json();
    expect(created.children.map((c: { itemCode: string }) => c.itemCode)).toEqual(
      bundle.items.map((i) => i.code),
    );
    expect(created.children.map((c: { departmentCode: string }) => c.departmentCode)).toEqual([
      'SCJG-411200',
      'SCJG-411200',
      'CG-411200',
      'CG-411200',
      'XF-411200',
    ]);
    const parent = (await t.call('GET', `/api/cases/${created.id}`, { token: tok['demo-person'] })).json();
    expect(parent.children).toHaveLength(5);
    expect(parent.status).toBe('submitted');
    // Each sub-case got its own part of the one form.
    const food = parent.children.find((c: { itemCode: string }) => c.itemCode === 'SCJG-XK-007-01');
    expect(food.form).toMatchObject({
      entName: '张记小馆',
      mainBusiness: '餐饮服务经营者',
      phone: '13937120001',
    });
    expect(food.form.operatorName).toBeUndefined();
    // Only the parent appears in the applicant's list; departments see only their own sub-case.
    const mine = (await t.call('GET', '/api/cases?mine=1', { token: tok['demo-person'] })).json();
    expect(mine.items.filter((c: { id: string }) => c.id === created.id)).toHaveLength(1);
    expect(mine.items.some((c: { id: string }) => c.id === food.id)).toBe(false);

    // The parent's status follows its children; departments work in parallel.
    await t.call('POST', `/api/cases/${food.id}/actions`, {
      token: tok['demo-clerk'],
      body: { action: 'accept' },
    });
    let p = (await t.call('GET', `/api/cases/${created.id}`, { token: tok['demo-person'] })).json();
    expect(p.status).toBe('accepted');
    const acceptedDate = new Date(new Date(p.acceptedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(p.dueDate).toBe(t.app.calendar.addWorkingDays(acceptedDate, 5).date); // the bundle's promised days
    await t.call('POST', `/api/cases/${food.id}/actions`, {
      token: tok['demo-reviewer'],
      body: { action: 'request-correction', materials: ['m3'], comment: '平面图不清晰' },
    });
    p = (await t.call('GET', `/api/cases/${created.id}`, { token: tok['demo-person'] })).json();
    expect(p.status).toBe('correction');
    expect(p.children.find((c: { id: string }) => c.id === food.id).status).toBe('correction');

    // Actions other than withdraw/deliver belong on the sub-cases.
    const onParent = await t.call('POST', `/api/cases/${created.id}/actions`, {
      token: tok['demo-clerk'],
      body: { action: 'accept' },
    });
    expect(onParent.statusCode).toBe(409);

    // Withdrawing the whole matter withdraws every open sub-case.
    const w = await t.call('POST', `/api/cases/${created.id}/actions`, {
      token: tok['demo-person'],
      body: { action: 'withdraw', comment: '店面另选' },
    });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().status).toBe('withdrawn');
    p = (await t.call('GET', `/api/cases/${created.id}`, { token: tok['demo-person'] })).json();
    expect(p.children.every((c: { status: string }) => c.status === 'withdrawn')).toBe(true);
  });

  it('refuses a bad merged form whole, creating nothing', async () => {
    const before = (await t.call('GET', '/api/cases?mine=1', { token: tok['demo-person'] })).json().total;
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-person'],
      body: await body({ form: { ...FORM, phone: 'abc', months: 99 }, materials: [] }),
    });
    expect(r.statusCode).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['form.phone', 'form.months', 'materials']));
    expect((await t.call('GET', '/api/cases?mine=1', { token: tok['demo-person'] })).json().total).toBe(
      before,
    );
  });

  it('leaves out, for an enterprise, the item that serves only persons, with its form fields', async () => {
    const file = await t.upload(tok['demo-enterprise']!);
    const {
      operatorName: _a,
      operatorId: _b,
      organizationForm: _c,
      employees: _d,
      capital: _e,
      businessScope: _f,
      ...entForm
    } = FORM;
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-enterprise'],
      body: {
        ...(await body()),
        form: { ...entForm, entName: '峡州市通办餐饮管理有限公司', uscc: '91411200MA9XKT2L7X' },
        materials: bundle.materials
          .filter((m) => m.required)
          .map((m) => ({ materialId: m.id, fileId: file })),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().children.map((c: { itemCode: string }) => c.itemCode)).toEqual(
      bundle.items.map((i) => i.code).filter((c) => c !== 'SCJG-XK-004-00'),
    );
  });

  it('asks for either an item or a bundle', async () => {
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-person'],
      body: { regionCode: '411200', form: {}, materials: [], delivery: { mode: 'window' } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('itemCode');
  });
});
