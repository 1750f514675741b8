import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LEGAL_REP_ID, DEMO_PERSON_ID, DEMO_USCC } from '../../src/demo/accounts.js';
import { commitmentText } from '../../src/modules/cases/commitment.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { tableFingerprint } from './fuzz-support.js';

// 异地就医备案: a person's item whose form names the applicant (applicantName, idNumber) and whose
// m3 (异地长期居住证明) may be replaced by a signed commitment.
const MEDICAL = 'YB-GG-003-00';
const FOOD = 'SCJG-XK-007-01';
const SOMEONE_ELSE = makeIdNumber('110105', '19800101', '123');

/** 开办餐饮店一件事 as a person: the merged form names the 个体 operator (the applicant). */
const BUNDLE_FORM = {
  entName: '张记小馆',
  operatorName: '李冒名',
  operatorId: SOMEONE_ELSE,
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

describe.each(ENGINES)('who the applicant is and what they sign, on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-person', 'demo-enterprise', 'demo-clerk', 'demo-reviewer'])
      tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  async function medicalBody(m3: Record<string, unknown>, form: Record<string, unknown> = {}) {
    const person = tok['demo-person']!;
    return {
      itemCode: MEDICAL,
      regionCode: '411200',
      form: {
        applicantName: '李冒名',
        idNumber: SOMEONE_ELSE,
        insuredArea: '峡州市',
        filingType: '异地长期居住人员',
        destination: '广东省深圳市',
        startDate: '2026-12-01',
        phone: '13937120001',
        ...form,
      },
      materials: [
        { materialId: 'm1', fileId: await t.upload(person) },
        { materialId: 'm2', fileId: await t.upload(person) },
        { materialId: 'm3', commitment: true, ...m3 },
      ],
      delivery: { mode: 'electronic' },
    };
  }

  it("fills the applicant's name and ID number from the real-name account, whatever the client sent", async () => {
    const r = await t.call('POST', '/api/cases', { token: tok['demo-person'], body: await medicalBody({}) });
    expect(r.statusCode, r.body).toBe(201);
    const c = (await t.call('GET', `/api/cases/${r.json().id}`, { token: tok['demo-person'] })).json();
    expect(c.form).toMatchObject({ applicantName: '张晓峡', idNumber: DEMO_PERSON_ID });
    expect(JSON.stringify(c.form)).not.toContain(SOMEONE_ELSE);
  });

  it('accepts an application that leaves the read-only fields out', async () => {
    const body = await medicalBody({});
    const { applicantName: _n, idNumber: _i, ...rest } = body.form;
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-person'],
      body: { ...body, form: rest },
    });
    expect(r.statusCode, r.body).toBe(201);
  });

  it("fills an enterprise's name, USCC and legal representative from its account", async () => {
    const enterprise = tok['demo-enterprise']!;
    const f = () => t.upload(enterprise);
    const r = await t.call('POST', '/api/cases', {
      token: enterprise,
      body: {
        itemCode: FOOD,
        regionCode: '411200',
        form: {
          entName: '别人家的公司',
          uscc: '91110000MA00000000',
          legalRep: '冒名者',
          premises: '峡州市峡江区滨江路88号',
          mainBusiness: '餐饮服务经营者',
          businessItems: ['热食类食品制售'],
          online: false,
          area: 120,
          phone: '13937120002',
        },
        materials: [
          { materialId: 'm1', fileId: await f() },
          { materialId: 'm2', fileId: await f() },
          { materialId: 'm3', fileId: await f() },
          { materialId: 'm4', fileId: await f() },
          { materialId: 'm5', fileId: await f() },
        ],
        delivery: { mode: 'window' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const c = (await t.call('GET', `/api/cases/${r.json().id}`, { token: enterprise })).json();
    expect(c.form).toMatchObject({
      entName: '峡州市通办餐饮管理有限公司',
      uscc: DEMO_USCC,
      legalRep: '李明远',
    });
  });

  it('fills the fields from the applicant a window clerk took in, not from what the clerk typed', async () => {
    const found = await t.call('GET', `/api/window/applicants?number=${DEMO_PERSON_ID}`, {
      token: tok['demo-clerk'],
    });
    expect(found.statusCode, found.body).toBe(200);
    const applicantId = found.json().items[0].id as string;
    const body = await medicalBody({});
    // Files a clerk scans at the window are the clerk's uploads.
    body.materials[0] = { materialId: 'm1', fileId: await t.upload(tok['demo-clerk']!) };
    body.materials[1] = { materialId: 'm2', fileId: await t.upload(tok['demo-clerk']!) };
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-clerk'],
      body: { ...body, applicantId, delivery: { mode: 'window' } },
    });
    expect(r.statusCode, r.body).toBe(201);
    const c = (await t.call('GET', `/api/cases/${r.json().id}`, { token: tok['demo-person'] })).json();
    expect(c.form).toMatchObject({ applicantName: '张晓峡', idNumber: DEMO_PERSON_ID });
  });

  it("fills a bundle's merged form, the parent case's and every sub-case's, from the account", async () => {
    const person = tok['demo-person']!;
    const bundle = (await t.call('GET', '/api/catalog/bundles/BD-KBCYD')).json();
    const file = await t.upload(person);
    const r = await t.call('POST', '/api/cases', {
      token: person,
      body: {
        bundleCode: 'BD-KBCYD',
        regionCode: '411200',
        form: BUNDLE_FORM,
        materials: bundle.materials
          .filter((m: { required: boolean }) => m.required)
          .map((m: { id: string }) => ({ materialId: m.id, fileId: file })),
        delivery: { mode: 'window' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const parent = (await t.call('GET', `/api/cases/${r.json().id}`, { token: person })).json();
    expect(parent.form).toMatchObject({
      operatorName: '张晓峡',
      operatorId: DEMO_PERSON_ID,
      entName: '张记小馆',
    });
    const forms = await Promise.all(
      r
        .json()
        .children.map(
          async (c: { id: string }) =>
            (await t.call('GET', `/api/cases/${c.id}`, { token: person })).json().form,
        ),
    );
    const named = forms.filter((f) => 'operatorName' in f || 'operatorId' in f);
    expect(named.length).toBeGreaterThan(0);
    for (const f of named) {
      if ('operatorName' in f) expect(f.operatorName).toBe('张晓峡');
      if ('operatorId' in f) expect(f.operatorId).toBe(DEMO_PERSON_ID);
    }
    expect(JSON.stringify([parent.form, ...forms])).not.toContain(SOMEONE_ELSE);
  });

  it('lists the read-only fields for the web app, ID numbers masked', async () => {
    const person = await t.call('GET', `/api/cases/applicant-fields?itemCode=${MEDICAL}&regionCode=411200`, {
      token: tok['demo-person'],
    });
    expect(person.statusCode, person.body).toBe(200);
    expect(person.json().fields).toEqual([
      { key: 'applicantName', value: '张晓峡' },
      { key: 'idNumber', value: `${DEMO_PERSON_ID.slice(0, 4)}**********${DEMO_PERSON_ID.slice(-4)}` },
    ]);
    const ent = await t.call('GET', `/api/cases/applicant-fields?itemCode=${FOOD}&regionCode=411200`, {
      token: tok['demo-enterprise'],
    });
    expect(ent.json().fields.map((f: { key: string }) => f.key)).toEqual(['entName', 'uscc', 'legalRep']);
    expect(JSON.stringify(ent.json())).not.toContain(DEMO_LEGAL_REP_ID);
  });

  it('refuses a commitment text other than the one the server would store, and stores nothing', async () => {
    const body = await medicalBody({ commitmentText: '本人承诺：什么也不承诺。' });
    const before = await tableFingerprint(t.app.database.db);
    const r = await t.call('POST', '/api/cases', { token: tok['demo-person'], body });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toContain('materials.2.commitmentText');
    expect(await tableFingerprint(t.app.database.db)).toEqual(before);
  });

  it("stores the server's text for what was signed, and staff see exactly that text", async () => {
    const text = commitmentText('异地长期居住证明', '张晓峡');
    // A client may echo the text it displayed.
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-person'],
      body: await medicalBody({ commitmentText: text }),
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    const stored = await sql<{ commitment_text: string }>`select commitment_text from case_materials
      where case_id = ${id} and material_id = 'm3'`.execute(t.app.database.db);
    expect(stored.rows[0]?.commitment_text).toBe(text);
    // The clerk of the case's region sees it in the case view.
    const staffView = await t.call('GET', `/api/cases/${id}`, { token: tok['demo-clerk'] });
    expect(staffView.statusCode, staffView.body).toBe(200);
    const m3 = staffView.json().materials.find((m: { materialId: string }) => m.materialId === 'm3');
    expect(m3).toMatchObject({ status: 'commitment', commitmentText: text });
  });
});
