import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../src/app.js';
import { DEMO_PERSON_ID, DEMO_USCC } from '../../src/demo/accounts.js';
import type { CatalogItem } from '../../src/modules/catalog/catalog-format.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { createSharingService } from '../../src/modules/sharing/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const FOOD = 'SCJG-XK-007-01'; // 食品经营许可（新办）: m2 营业执照 is sharedFrom LIC-YYZZ
const FOOD_FORM = {
  entName: '峡州市通办餐饮管理有限公司',
  uscc: DEMO_USCC,
  legalRep: '李明远',
  premises: '峡州市峡江区滨江路88号',
  mainBusiness: '餐饮服务经营者',
  businessItems: ['热食类食品制售'],
  online: false,
  area: 120,
  phone: '13937120002',
};
const MEDICAL = 'YB-GG-004-00'; // 基本医疗保险关系转移接续: m3 参保凭证 is sharedFrom DR-YBCB
const medicalForm = (name: string, idNumber: string, phone: string) => ({
  applicantName: name,
  idNumber,
  fromArea: '洛川市',
  toArea: '峡州市',
  insuranceType: '职工基本医疗保险',
  phone,
});

const catalogDoc = JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as { items: CatalogItem[] };

type Material = { materialId: string; status: string; sharedSource: string | null };
type Access = { resource: string; department: string; purpose: string; caseNo: string | null; at: string };

describe.each(ENGINES)('data sharing and 减证便民 on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-enterprise', 'demo-person', 'demo-reviewer', 'demo-clerk', 'demo-admin'])
      tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  async function apply(who: string, body: Record<string, unknown>) {
    const r = await t.call('POST', '/api/cases', { token: tok[who], body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; caseNo: string };
  }
  const materialsOf = async (who: string, id: string) =>
    (await t.call('GET', `/api/cases/${id}`, { token: tok[who] })).json().materials as Material[];
  const accesses = async (token: string) => {
    const r = await t.call('GET', '/api/me/data-access', { token });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as Access[];
  };

  async function medicalCase(who = 'demo-person') {
    const up = () => t.upload(tok[who]!);
    return apply(who, {
      itemCode: MEDICAL,
      regionCode: '411200',
      form: medicalForm('张晓峡', DEMO_PERSON_ID, '13937120001'),
      // m2 (居民身份证) is uploaded so that only the data resource is in play here.
      materials: [
        { materialId: 'm1', fileId: await up() },
        { materialId: 'm2', fileId: await up() },
      ],
      delivery: { mode: 'electronic' },
    });
  }

  async function foodCase(opts: { withLicence: boolean }) {
    const up = () => t.upload(tok['demo-enterprise']!);
    const ids = opts.withLicence ? ['m1', 'm2', 'm3', 'm4', 'm5'] : ['m1', 'm3', 'm4', 'm5'];
    const materials = [];
    for (const materialId of ids) materials.push({ materialId, fileId: await up() });
    return apply('demo-enterprise', {
      itemCode: FOOD,
      regionCode: '411200',
      form: FOOD_FORM,
      materials,
      delivery: { mode: 'window' },
    });
  }

  it('publishes the catalog of data resources', async () => {
    const r = await t.call('GET', '/api/sharing/resources');
    expect(r.statusCode).toBe(200);
    const codes = r.json().items.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['DR-HJXX', 'DR-NSXX', 'DR-SBCB', 'DR-BDCDJ', 'DR-QYDJ']));
  });

  it('satisfies a data-resource material for demo-person without an upload, and tells them who read it', async () => {
    const c = await medicalCase();
    const m3 = (await materialsOf('demo-person', c.id)).find((m) => m.materialId === 'm3');
    expect(m3).toMatchObject({ status: 'shared', sharedSource: 'DR-YBCB' });

    const mine = await accesses(tok['demo-person']!);
    const read = mine.find((a) => a.caseNo === c.caseNo);
    expect(read).toMatchObject({
      resource: '医保参保信息',
      department: '峡州市医疗保障局',
      caseNo: c.caseNo,
    });
    expect(read!.purpose).toContain('参保凭证');
    // The list speaks of the reader and the reason, never of the person's numbers.
    expect(JSON.stringify(mine)).not.toContain(DEMO_PERSON_ID);
  });

  it('spares demo-person every material the government holds, one access record each', async () => {
    // Only the application form itself is uploaded: 居民身份证 comes from the e-licence (LIC-SFZ),
    // 参保凭证 from the 医保 department's data (DR-YBCB).
    const c = await apply('demo-person', {
      itemCode: MEDICAL,
      regionCode: '411200',
      form: medicalForm('张晓峡', DEMO_PERSON_ID, '13937120001'),
      materials: [{ materialId: 'm1', fileId: await t.upload(tok['demo-person']!) }],
      delivery: { mode: 'electronic' },
    });
    const ms = await materialsOf('demo-person', c.id);
    expect(ms.map((m) => [m.materialId, m.status, m.sharedSource])).toEqual([
      ['m1', 'provided', null],
      ['m2', 'shared', 'LIC-SFZ'],
      ['m3', 'shared', 'DR-YBCB'],
    ]);
    const reads = (await accesses(tok['demo-person']!)).filter((a) => a.caseNo === c.caseNo);
    expect(reads.map((a) => a.resource).sort()).toEqual(['医保参保信息', '居民身份证']);
  });

  it("keeps a person's access records from everyone else", async () => {
    await medicalCase();
    const idNumber = makeIdNumber('411202', '19950612', '274');
    const reg = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '陈小川', idNumber, phone: '13912345678', password: 'Qiye@2026x' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const other = await t.login(idNumber, 'Qiye@2026x');
    expect(await accesses(other)).toEqual([]);
    const enterprise = await accesses(tok['demo-enterprise']!);
    expect(enterprise.some((a) => a.resource === '医保参保信息')).toBe(false);

    // Nobody holds the newcomer's insurance record: the material must be uploaded after all.
    const r = await t.call('POST', '/api/cases', {
      token: other,
      body: {
        itemCode: MEDICAL,
        regionCode: '411200',
        form: medicalForm('陈小川', idNumber, '13912345678'),
        materials: [
          { materialId: 'm1', fileId: await t.upload(other) },
          { materialId: 'm2', fileId: await t.upload(other) },
        ],
        delivery: { mode: 'electronic' },
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ field: 'materials', message: expect.stringContaining('参保凭证') }]);
  });

  async function staffToken(username: string, roles: string[], dept: string) {
    await t.app.identity.ensureAccount({
      kind: 'staff',
      username,
      name: username,
      roles,
      region_code: '411200',
      department_code: dept,
      id_number: null,
      uscc: null,
      phone: null,
      legal_rep_name: null,
      legal_rep_id_number: null,
      password: 'Tongban@2026',
    });
    return t.login(username);
  }
  const lookup = (token: string, body: Record<string, unknown>) =>
    t.call('POST', '/api/sharing/lookups', { token, body });

  it('lets staff look up shared data only for a case their department works, about its parties, from a resource its item draws on, with a purpose', async () => {
    const yb = await staffToken(`yb-reviewer-${engine}`, ['reviewer'], 'YB-411200');
    const food = await foodCase({ withLicence: true });
    const medical = await medicalCase();
    // 基本医疗保险关系转移接续 draws on DR-YBCB (参保凭证): the 医保 department checks it for 张晓峡.
    const body = {
      resource: 'DR-YBCB',
      subjectNumber: DEMO_PERSON_ID,
      purpose: '核对参保状态',
      caseId: medical.id,
    };

    const noPurpose = await lookup(yb, { ...body, purpose: undefined });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors.map((e: { field: string }) => e.field)).toEqual(['purpose']);
    expect((await lookup(yb, { ...body, purpose: '  ' })).statusCode).toBe(400);

    // The 医保 case is outside the 市场监管 reviewer's reach: as if it did not exist.
    expect((await lookup(tok['demo-reviewer']!, body)).statusCode).toBe(404);
    // The comprehensive window takes cases in but does not work them; applicants never look up.
    expect((await lookup(tok['demo-clerk']!, body)).statusCode).toBe(403);
    expect((await lookup(tok['demo-person']!, body)).statusCode).toBe(403);
    // A resource the item's materials do not draw on (户籍 for a 医保 transfer; 企业登记 for 食品经营).
    expect((await lookup(yb, { ...body, resource: 'DR-HJXX' })).statusCode).toBe(403);
    expect(
      (
        await lookup(tok['demo-reviewer']!, {
          resource: 'DR-QYDJ',
          subjectNumber: DEMO_USCC,
          purpose: '核对登记状态',
          caseId: food.id,
        })
      ).statusCode,
    ).toBe(403);
    // Someone who is no party to the case: another person's 参保 record stays unread.
    const stranger = makeIdNumber('411202', '19800101', '111');
    expect((await lookup(yb, { ...body, subjectNumber: stranger })).statusCode).toBe(403);

    const before = (await accesses(tok['demo-person']!)).length;
    const ok = await lookup(yb, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      resource: 'DR-YBCB',
      resourceName: '医保参保信息',
      caseNo: medical.caseNo,
    });
    expect(ok.json().subject).not.toBe(DEMO_PERSON_ID);

    const after = await accesses(tok['demo-person']!);
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({
      resource: '医保参保信息',
      department: '峡州市医疗保障局',
      purpose: '核对参保状态',
      caseNo: medical.caseNo,
    });
    // The refused attempts left nothing in anyone's record.
    expect(after.filter((a) => a.purpose === '核对参保状态')).toHaveLength(1);
    expect((await accesses(tok['demo-enterprise']!)).filter((a) => a.purpose === '核对登记状态')).toEqual([]);
  });

  it('answers a lookup for a party the provider does not know with 404 and records nothing', async () => {
    const yb = await staffToken(`yb-reviewer2-${engine}`, ['reviewer'], 'YB-411200');
    const idNumber = makeIdNumber('411202', '19960214', '318');
    const reg = await t.call('POST', '/api/auth/register', {
      body: { type: 'person', name: '何小禾', idNumber, phone: '13912340099', password: 'Qiye@2026x' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const newcomer = await t.login(idNumber, 'Qiye@2026x');
    const c = await t.call('POST', '/api/cases', {
      token: newcomer,
      body: {
        itemCode: MEDICAL,
        regionCode: '411200',
        form: medicalForm('何小禾', idNumber, '13912340099'),
        materials: ['m1', 'm2', 'm3'].map((m) => ({ materialId: m, fileId: '' })),
        delivery: { mode: 'electronic' },
      },
    });
    const materials = [];
    for (const m of ['m1', 'm2', 'm3']) materials.push({ materialId: m, fileId: await t.upload(newcomer) });
    const applied = await t.call('POST', '/api/cases', {
      token: newcomer,
      body: {
        itemCode: MEDICAL,
        regionCode: '411200',
        form: medicalForm('何小禾', idNumber, '13912340099'),
        materials,
        delivery: { mode: 'electronic' },
      },
    });
    expect(c.statusCode).toBe(400);
    expect(applied.statusCode, applied.body).toBe(201);
    const r = await lookup(yb, {
      resource: 'DR-YBCB',
      subjectNumber: idNumber,
      purpose: '核对参保',
      caseId: applied.json().id,
    });
    expect(r.statusCode, r.body).toBe(404);
    expect(await accesses(newcomer)).toEqual([]);
    const bad = await lookup(yb, {
      resource: 'DR-YBCB',
      subjectNumber: '123',
      purpose: '核对',
      caseId: applied.json().id,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('subjectNumber');
  });

  it('publishes each item’s 材料精简率 and the rates per item and department kind', async () => {
    const item = (await t.call('GET', `/api/catalog/items/${FOOD}`)).json();
    // Six materials, one (营业执照) shared, none replaceable by a commitment.
    expect(item.materialReductionRate).toBe(0.1667);

    expect(
      (await t.call('GET', '/api/admin/material-reduction', { token: tok['demo-person'] })).statusCode,
    ).toBe(403);
    const r = await t.call('GET', '/api/admin/material-reduction', { token: tok['demo-admin'] });
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report.items.find((i: { code: string }) => i.code === FOOD)).toMatchObject({
      materials: 6,
      exempt: 1,
      rate: 0.1667,
    });
    expect(report.items).toHaveLength(catalogDoc.items.length);

    const police = catalogDoc.items.filter((i) => i.departmentKind === '公安');
    const materials = police.flatMap((i) => i.materials);
    const exempt = materials.filter((m) => m.sharedFrom || m.allowCommitment).length;
    expect(report.departments.find((d: { departmentKind: string }) => d.departmentKind === '公安')).toEqual({
      departmentKind: '公安',
      items: police.length,
      materials: materials.length,
      exempt,
      rate: Math.round((exempt / materials.length) * 10_000) / 10_000,
    });
  });

  it('counts a licence the applicant holds only through the licence holder it is given', async () => {
    // Unit-level: a sharing service over the same database with a stub in place of the licences module.
    const sharing = createSharingService({
      db: t.app.database.db,
      catalog: t.app.catalog,
      identity: t.app.identity,
      licenceHolder: async (_id, type) => type === 'LIC-YYZZ',
      authz: t.app.authz,
      cases: t.app.cases,
    });
    const enterprise = await t.app.identity.findApplicant(DEMO_USCC);
    const applicant = { id: enterprise!.id, kind: 'enterprise' as const };
    const material = { id: 'm2', name: '营业执照', sharedFrom: 'LIC-YYZZ' };
    expect(await sharing.resolve(applicant, material)).toEqual({ source: 'LIC-YYZZ' });
    expect(await sharing.resolve(applicant, { ...material, sharedFrom: 'LIC-SPJY' })).toBeNull();
    // A person's resource never answers for an enterprise, whatever is on file.
    expect(await sharing.resolve(applicant, { ...material, sharedFrom: 'DR-HJXX' })).toBeNull();
    expect(await sharing.resolve(applicant, { ...material, sharedFrom: 'DR-NSXX' })).toEqual({
      source: 'DR-NSXX',
    });
  });

  it('satisfies 营业执照 from the e-licence demo-enterprise holds (LIC-YYZZ)', async () => {
    const c = await foodCase({ withLicence: false });
    const m2 = (await materialsOf('demo-enterprise', c.id)).find((m) => m.materialId === 'm2');
    expect(m2).toMatchObject({ status: 'shared', sharedSource: 'LIC-YYZZ' });
    const read = (await accesses(tok['demo-enterprise']!)).find((a) => a.caseNo === c.caseNo);
    expect(read).toMatchObject({ resource: '营业执照', department: '峡州市市场监督管理局' });
    expect(read!.purpose).toContain('营业执照');
  });
});
