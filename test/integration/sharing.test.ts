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

  it('lets staff look up shared data only for a case of their department, with a purpose, and records it', async () => {
    const food = await foodCase({ withLicence: true });
    const medical = await medicalCase();
    const lookup = (token: string, body: Record<string, unknown>) =>
      t.call('POST', '/api/sharing/lookups', { token, body });
    const body = {
      resource: 'DR-QYDJ',
      subjectNumber: DEMO_USCC,
      purpose: '核对申请人登记状态与经营范围',
      caseId: food.id,
    };

    const noPurpose = await lookup(tok['demo-reviewer']!, { ...body, purpose: undefined });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors.map((e: { field: string }) => e.field)).toEqual(['purpose']);
    expect((await lookup(tok['demo-reviewer']!, { ...body, purpose: '  ' })).statusCode).toBe(400);

    // The 医保 case is handled by 峡州市医疗保障局, not by the reviewer's 市场监管局.
    const outside = await lookup(tok['demo-reviewer']!, {
      resource: 'DR-HJXX',
      subjectNumber: DEMO_PERSON_ID,
      purpose: '核对户籍',
      caseId: medical.id,
    });
    expect(outside.statusCode).toBe(403);
    // The comprehensive window takes cases in but does not handle them.
    expect((await lookup(tok['demo-clerk']!, body)).statusCode).toBe(403);
    // Applicants never look up.
    expect((await lookup(tok['demo-person']!, body)).statusCode).toBe(403);

    const before = (await accesses(tok['demo-enterprise']!)).length;
    const ok = await lookup(tok['demo-reviewer']!, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      resource: 'DR-QYDJ',
      resourceName: '企业登记信息',
      caseNo: food.caseNo,
      data: { uscc: DEMO_USCC, name: '峡州市通办餐饮管理有限公司', legalRepresentative: '李明远' },
    });
    expect(ok.json().subject).not.toBe(DEMO_USCC);

    const after = await accesses(tok['demo-enterprise']!);
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({
      resource: '企业登记信息',
      department: '峡州市市场监督管理局',
      purpose: '核对申请人登记状态与经营范围',
      caseNo: food.caseNo,
    });

    // The outside and failed attempts left nothing in the person's record.
    expect((await accesses(tok['demo-person']!)).filter((a) => a.resource === '户籍信息')).toEqual([]);
  });

  it('answers a lookup for a subject the provider does not know with 404 and records nothing', async () => {
    const food = await foodCase({ withLicence: true });
    const r = await t.call('POST', '/api/sharing/lookups', {
      token: tok['demo-reviewer'],
      body: {
        resource: 'DR-HJXX',
        subjectNumber: makeIdNumber('411202', '19800101', '111'),
        purpose: '核对法定代表人户籍',
        caseId: food.id,
      },
    });
    expect(r.statusCode).toBe(404);
    const bad = await t.call('POST', '/api/sharing/lookups', {
      token: tok['demo-reviewer'],
      body: { resource: 'DR-HJXX', subjectNumber: '123', purpose: '核对', caseId: food.id },
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
