import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSON_ID, DEMO_USCC } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { staffLogin } from '../helpers/staff.js';

/**
 * The holes the trust issue found, each closed by a rule of platform/authz and proved here through
 * the HTTP API: licence changes by the issuer role only, staff licence reads for a case with a
 * purpose (and logged for the holder, without what masking hides), files only for those a holding
 * case admits.
 */

const FOOD = 'SCJG-XK-007-01';
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
const MEDICAL = 'YB-GG-004-00';
const MEDICAL_FORM = {
  applicantName: '张晓峡',
  idNumber: DEMO_PERSON_ID,
  fromArea: '洛川市',
  toArea: '峡州市',
  insuranceType: '职工基本医疗保险',
  phone: '13937120001',
};

interface LicenceView {
  id: string;
  typeCode: string;
  data: Record<string, string>;
  holder: { number: string | null };
}

describe.each(ENGINES)('closed authorization holes on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  let foodCase: { id: string; caseNo: string };
  let medicalCase: { id: string; caseNo: string };
  let yyzz: LicenceView;
  let sfz: LicenceView;
  let foodFiles: string[];
  let clerkFile: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of [
      'demo-enterprise',
      'demo-person',
      'demo-clerk',
      'demo-reviewer',
      'demo-approver',
      'demo-inspector',
      'demo-supervisor',
    ])
      tok[u] = await t.login(u);
    tok.gaReviewer = await staffLogin(t, `ga-reviewer-${engine}`, ['reviewer'], '411200', 'GA-411200');
    tok.ybReviewer = await staffLogin(t, `yb-reviewer-${engine}`, ['reviewer'], '411200', 'YB-411200');
    tok.lcIssuer = await staffLogin(t, `lc-issuer-${engine}`, ['issuer'], '410300', 'SCJG-410300');
    tok.lcClerk = await staffLogin(t, `lc-clerk-${engine}`, ['window'], '410300', 'ZWFW-410300');

    foodFiles = [];
    for (let i = 0; i < 4; i++) foodFiles.push(await t.upload(tok['demo-enterprise']!));
    const food = await t.call('POST', '/api/cases', {
      token: tok['demo-enterprise'],
      body: {
        itemCode: FOOD,
        regionCode: '411200',
        form: FOOD_FORM,
        materials: ['m1', 'm3', 'm4', 'm5'].map((m, i) => ({ materialId: m, fileId: foodFiles[i] })),
        delivery: { mode: 'window' },
      },
    });
    expect(food.statusCode, food.body).toBe(201);
    foodCase = food.json();
    // The clerk takes in 张晓峡's 医保 transfer at the window, uploading the form on her behalf.
    const personId = (await t.call('GET', '/api/me', { token: tok['demo-person'] })).json().id;
    clerkFile = await t.upload(tok['demo-clerk']!);
    const medical = await t.call('POST', '/api/cases', {
      token: tok['demo-clerk'],
      body: {
        itemCode: MEDICAL,
        regionCode: '411200',
        applicantId: personId,
        form: MEDICAL_FORM,
        materials: [{ materialId: 'm1', fileId: clerkFile }],
        delivery: { mode: 'window' },
      },
    });
    expect(medical.statusCode, medical.body).toBe(201);
    medicalCase = medical.json();
    const wallet = async (who: string) =>
      (await t.call('GET', '/api/licences?mine=1', { token: tok[who] })).json().items as LicenceView[];
    yyzz = (await wallet('demo-enterprise')).find((l) => l.typeCode === 'LIC-YYZZ')!;
    sfz = (await wallet('demo-person')).find((l) => l.typeCode === 'LIC-SFZ')!;
  });
  afterAll(() => t.close());

  describe('licence revoke and re-issue', () => {
    const reissue = (token: string | undefined) =>
      t.call('POST', `/api/licences/${yyzz.id}/reissue`, {
        token,
        body: { reason: '法定代表人变更', changes: { legalRepresentative: '王冒名' } },
      });
    const revoke = (token: string | undefined) =>
      t.call('POST', `/api/licences/${yyzz.id}/revoke`, { token, body: { reason: '违法经营' } });

    it('refuses an inspector or reviewer of the issuing department (403) and changes nothing', async () => {
      for (const who of ['demo-inspector', 'demo-reviewer', 'demo-clerk']) {
        expect((await reissue(tok[who])).statusCode, who).toBe(403);
        expect((await revoke(tok[who])).statusCode, who).toBe(403);
      }
      const still = (
        await t.call('GET', `/api/licences/${yyzz.id}`, { token: tok['demo-enterprise'] })
      ).json();
      expect(still).toMatchObject({ status: 'valid', data: { legalRepresentative: '李明远' } });
    });

    it('hides the licence from the issuer role of another department (404)', async () => {
      expect((await reissue(tok.lcIssuer)).statusCode).toBe(404);
      expect((await revoke(tok.lcIssuer)).statusCode).toBe(404);
    });

    it('lets the issuer role of the issuing department re-issue', async () => {
      const r = await t.call('POST', `/api/licences/${yyzz.id}/reissue`, {
        token: tok['demo-approver'],
        body: { reason: '住所变更', changes: { domicile: '峡州市峡江区滨江路99号' } },
      });
      expect(r.statusCode, r.body).toBe(201);
      yyzz = r.json();
    });
  });

  describe('staff reads of a licence', () => {
    const read = (token: string, licenceId: string, q: Record<string, string>) =>
      t.call('GET', `/api/licences/${licenceId}?${new URLSearchParams(q)}`, { token });
    const dataAccess = async (who: string) =>
      (await t.call('GET', '/api/me/data-access', { token: tok[who] })).json().items as {
        resource: string;
        purpose: string;
        caseNo: string | null;
        department: string;
      }[];

    it('requires a case and a purpose, naming the missing fields', async () => {
      const r = await read(tok['demo-reviewer']!, yyzz.id, {});
      expect(r.statusCode).toBe(400);
      expect(
        r
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['caseId', 'purpose']);
      const noPurpose = await read(tok['demo-reviewer']!, yyzz.id, { caseId: foodCase.id, purpose: ' ' });
      expect(noPurpose.json().errors.map((e: { field: string }) => e.field)).toEqual(['purpose']);
    });

    it('answers 404 unless the cited case is of the reader’s department and its applicant holds the licence', async () => {
      const purpose = '核对申请人营业执照';
      // The food case's applicant holds the 营业执照, but the 公安 reviewer does not work that case.
      expect((await read(tok.gaReviewer!, yyzz.id, { caseId: foodCase.id, purpose })).statusCode).toBe(404);
      // A case of the reader's department whose applicant is someone else.
      expect((await read(tok.ybReviewer!, yyzz.id, { caseId: medicalCase.id, purpose })).statusCode).toBe(
        404,
      );
      // An unknown case.
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await read(tok['demo-reviewer']!, yyzz.id, { caseId: unknown, purpose })).statusCode).toBe(404);
      // Applicants never see another holder's licence.
      expect(
        (await t.call('GET', `/api/licences/${yyzz.id}`, { token: tok['demo-person'] })).statusCode,
      ).toBe(404);
      expect((await dataAccess('demo-enterprise')).filter((a) => a.purpose === purpose)).toEqual([]);
    });

    it('lets the case’s department read it and shows the read to the holder with case and purpose', async () => {
      const purpose = '核对申请人营业执照登记事项';
      const r = await read(tok['demo-reviewer']!, yyzz.id, { caseId: foodCase.id, purpose });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().holder.number).not.toBe(DEMO_USCC);
      const log = await dataAccess('demo-enterprise');
      expect(log.find((a) => a.purpose === purpose)).toMatchObject({
        resource: '营业执照',
        caseNo: foodCase.caseNo,
        department: '峡州市市场监督管理局',
      });
    });

    it('never shows staff what masking hides: no ID number and no birth date that rebuilds it', async () => {
      const r = await read(tok.ybReviewer!, sfz.id, { caseId: medicalCase.id, purpose: '核对申请人身份' });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.body;
      expect(body).not.toContain(DEMO_PERSON_ID);
      expect(body).not.toContain(DEMO_PERSON_ID.slice(6, 14));
      expect(body).not.toMatch(/1990年0?3月0?7日|1990-03-07/);
      expect(r.json().data.birthDate).toBe('****');
      // The holder still sees all of it.
      const own = (await t.call('GET', `/api/licences/${sfz.id}`, { token: tok['demo-person'] })).json();
      expect(own.data.birthDate).toBe('1990年3月7日');
      expect(own.holder.number).toBe(DEMO_PERSON_ID);
    });

    it('keeps the department’s register of issued licences to its issuer role', async () => {
      expect((await t.call('GET', '/api/licences', { token: tok['demo-reviewer'] })).statusCode).toBe(403);
      const reg = await t.call('GET', '/api/licences', { token: tok['demo-approver'] });
      expect(reg.statusCode).toBe(200);
      expect(
        reg
          .json()
          .items.every((l: { issuerDepartmentCode: string }) => l.issuerDepartmentCode === 'SCJG-411200'),
      ).toBe(true);
      expect(reg.body).not.toContain(DEMO_USCC);
    });
  });

  describe('files', () => {
    const download = (id: string, token: string | undefined) => t.call('GET', `/api/files/${id}`, { token });

    it('lets the owner and staff who may read a holding case download a file; no other staff', async () => {
      const f = foodFiles[0]!;
      for (const who of [
        'demo-enterprise',
        'demo-reviewer',
        'demo-inspector',
        'demo-clerk',
        'demo-supervisor',
      ])
        expect((await download(f, tok[who])).statusCode, who).toBe(200);
      for (const who of ['gaReviewer', 'lcClerk', 'ybReviewer', 'demo-person']) {
        const r = await download(f, tok[who]);
        expect(r.statusCode, who).toBe(404);
        expect(r.json().detail).toBe(`文件「${f}」不存在`);
      }
    });

    it('lets the applicant of a case read a file a clerk uploaded for it', async () => {
      const f = clerkFile;
      expect((await download(f, tok['demo-person'])).statusCode).toBe(200);
      expect((await download(f, tok['demo-clerk'])).statusCode).toBe(200);
      expect((await download(f, tok.ybReviewer)).statusCode).toBe(200);
      expect((await download(f, tok['demo-enterprise'])).statusCode).toBe(404);
      expect((await download(f, tok['demo-reviewer'])).statusCode).toBe(404);
    });

    it('keeps a file no case holds to its owner', async () => {
      const f = await t.upload(tok['demo-enterprise']!);
      expect((await download(f, tok['demo-enterprise'])).statusCode).toBe(200);
      for (const who of ['demo-clerk', 'demo-reviewer', 'demo-supervisor'])
        expect((await download(f, tok[who])).statusCode, who).toBe(404);
    });
  });
});
