import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USCC } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { fontReport } from '../helpers/pdf.js';

const FOOD = 'SCJG-XK-007-01'; // 食品经营许可（新办）: result licence LIC-SPJY, issued by SCJG-411200
const FOOD_FORM = {
  entName: '峡州市通办餐饮管理有限公司',
  uscc: DEMO_USCC,
  legalRep: '李明远',
  premises: '峡州市峡江区滨江路88号',
  mainBusiness: '餐饮服务经营者',
  businessItems: ['热食类食品制售', '冷食类食品制售'],
  online: false,
  area: 120,
  phone: '13937120002',
};

interface Licence {
  id: string;
  identifier: string;
  typeCode: string;
  name: string;
  holder: { name: string; number: string | null };
  issuerDepartmentCode: string;
  status: string;
  validUntil: string | null;
  data: Record<string, string>;
  token: string;
  caseNo: string | null;
}

describe.each(ENGINES)('e-licences on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  let caseId: string;
  let licence: Licence;

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-enterprise', 'demo-person', 'demo-clerk', 'demo-reviewer', 'demo-approver'])
      tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  const act = (who: string, id: string, body: Record<string, unknown>) =>
    t.call('POST', `/api/cases/${id}/actions`, { token: tok[who], body });
  const mine = async (who: string) =>
    (await t.call('GET', '/api/licences?mine=1', { token: tok[who] })).json().items as Licence[];
  const keyIdOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).k as string;
  const verify = (token: string) => t.call('POST', '/api/licences/verify', { body: { token } });

  it('issues the food business licence in the approval, and completes the issue step with it', async () => {
    const ent = tok['demo-enterprise']!;
    const materials = [];
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5'])
      materials.push({ materialId: m, fileId: await t.upload(ent) });
    const r = await t.call('POST', '/api/cases', {
      token: ent,
      body: {
        itemCode: FOOD,
        regionCode: '411200',
        form: FOOD_FORM,
        materials,
        delivery: { mode: 'electronic' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    caseId = r.json().id;
    expect((await act('demo-clerk', caseId, { action: 'accept' })).statusCode).toBe(200);
    await act('demo-reviewer', caseId, { action: 'complete-step', stepId: 'review' });
    await act('demo-reviewer', caseId, { action: 'complete-step', stepId: 'inspect' });
    const approved = await act('demo-approver', caseId, { action: 'approve', comment: '准予许可' });
    expect(approved.statusCode, approved.body).toBe(200);

    const c = (await t.call('GET', `/api/cases/${caseId}`, { token: ent })).json();
    expect(c.steps.find((s: { id: string }) => s.id === 'issue').status).toBe('done');

    const spjy = (await mine('demo-enterprise')).filter((l) => l.typeCode === 'LIC-SPJY');
    expect(spjy).toHaveLength(1);
    licence = spjy[0]!;
    expect(licence).toMatchObject({
      name: '食品经营许可证',
      issuerDepartmentCode: 'SCJG-411200',
      status: 'valid',
      caseNo: c.caseNo,
      holder: { name: '峡州市通办餐饮管理有限公司', number: DEMO_USCC },
    });
    expect(licence.identifier).toMatch(/^1\.2\.156\.3005\.2\.SPJY\.SCJG411200\.\d{7}\.001\.[0-9A-Z]$/);
    expect(licence.data).toMatchObject({
      holderName: '峡州市通办餐饮管理有限公司',
      uscc: DEMO_USCC,
      legalRepresentative: '李明远',
      premises: '峡州市峡江区滨江路88号',
      mainBusiness: '餐饮服务经营者',
      businessItems: '热食类食品制售；冷食类食品制售',
      issuingAuthority: '峡州市市场监督管理局',
    });
    // A five-year licence ends the day before the fifth anniversary.
    const issued = new Date(new Date(c.decidedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(Number(licence.validUntil!.slice(0, 4)) - Number(issued.slice(0, 4))).toBe(5);

    const detail = await t.call('GET', `/api/licences/${licence.id}`, { token: ent });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: licence.id,
      identifier: licence.identifier,
      token: licence.token,
    });
  });

  it('verifies its token as valid without a login, and a token with one changed character as invalid', async () => {
    const ok = await verify(licence.token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      valid: true,
      licence: {
        identifier: licence.identifier,
        name: '食品经营许可证',
        holderNumber: `9141**********${DEMO_USCC.slice(-4)}`,
      },
    });
    for (const i of [3, Math.floor(licence.token.length / 2), licence.token.length - 2]) {
      const ch = licence.token[i]!;
      const tampered = licence.token.slice(0, i) + (ch === 'A' ? 'B' : 'A') + licence.token.slice(i + 1);
      const bad = await verify(tampered);
      expect(bad.statusCode).toBe(200);
      expect(bad.json().valid).toBe(false);
      expect(bad.json().reason).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await verify('not a licence')).json()).toMatchObject({ valid: false });
    expect((await t.call('POST', '/api/licences/verify', { body: {} })).statusCode).toBe(400);
  });

  it('verifies offline with the exported public keys only (npm run licence:verify)', () => {
    const keysFile = join(t.app.licences.keysDir, 'public-keys.json');
    expect(existsSync(keysFile)).toBe(true);
    const keyFile = join(t.app.licences.keysDir, `${keyIdOf(licence.token)}.key`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const cli = (token: string) =>
      spawnSync('npx', ['tsx', 'src/cli/licence-verify.ts', token, '--keys', keysFile, '--json'], {
        encoding: 'utf8',
      });
    const ok = cli(licence.token);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, payload: { i: licence.identifier } });
    const i = 10;
    const bad = cli(
      licence.token.slice(0, i) + (licence.token[i] === 'A' ? 'B' : 'A') + licence.token.slice(i + 1),
    );
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).valid).toBe(false);
  });

  it('shows others a masked holder number and hides the licence from other applicants', async () => {
    const url = `/api/licences/${licence.id}?caseId=${caseId}&purpose=${encodeURIComponent('核对许可证信息')}`;
    const staff = (await t.call('GET', url, { token: tok['demo-reviewer'] })).json();
    expect(staff.holder.number).toBe(`9141**********${DEMO_USCC.slice(-4)}`);
    expect(staff.data.uscc).toBe(staff.holder.number);
    const other = await t.call('GET', `/api/licences/${licence.id}`, { token: tok['demo-person'] });
    expect(other.statusCode).toBe(404);
    expect(
      (await t.call('GET', '/api/licences/not-a-uuid', { token: tok['demo-enterprise'] })).statusCode,
    ).toBe(404);
  });

  it('renders the signed licence as a PDF that embeds its fonts', async () => {
    const r = await t.call('GET', `/api/licences/${licence.id}/pdf`, { token: tok['demo-enterprise'] });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const fonts = fontReport(pdf);
    expect(fonts.fonts.length).toBeGreaterThan(0);
    expect(fonts.notEmbedded).toEqual([]);
    expect(
      (await t.call('GET', `/api/licences/${licence.id}/pdf`, { token: tok['demo-person'] })).statusCode,
    ).toBe(404);
  });

  it('lets only the issuer role of the issuing department revoke, after which verification says revoked', async () => {
    const url = `/api/licences/${licence.id}/revoke`;
    const body = { reason: '申请人申请注销' };
    expect((await t.call('POST', url, { token: tok['demo-enterprise'], body })).statusCode).toBe(403);
    // 综合窗口 staff of another department (ZWFW-411200): not the issuer.
    expect((await t.call('POST', url, { token: tok['demo-clerk'], body })).statusCode).toBe(403);
    expect(
      (await t.call('POST', url, { token: tok['demo-approver'], body: { reason: '' } })).statusCode,
    ).toBe(400);
    expect((await verify(licence.token)).json().valid).toBe(true);

    const revoked = await t.call('POST', url, { token: tok['demo-approver'], body });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: '申请人申请注销' });
    expect((await t.call('POST', url, { token: tok['demo-approver'], body })).statusCode).toBe(409);

    const v = (await verify(licence.token)).json();
    expect(v).toMatchObject({ valid: false, licence: { status: 'revoked' } });
    expect(v.reason).toContain('注销');
    expect(await t.app.licences.holds(await holderId(), 'LIC-SPJY')).toBe(false);
  });

  async function holderId() {
    return (await t.call('GET', '/api/me', { token: tok['demo-enterprise'] })).json().id as string;
  }

  it('re-issues a licence as a new version that supersedes the old one', async () => {
    const yyzz = (await mine('demo-enterprise')).find((l) => l.typeCode === 'LIC-YYZZ')!;
    const r = await t.call('POST', `/api/licences/${yyzz.id}/reissue`, {
      token: tok['demo-approver'],
      body: { reason: '住所变更', changes: { domicile: '峡州市峡江区滨江路99号' } },
    });
    expect(r.statusCode, r.body).toBe(201);
    const next = r.json();
    expect(next.identifier).toBe(yyzz.identifier.replace(/\.001\.[0-9A-Z]$/, next.identifier.slice(-6)));
    expect(next.identifier).toMatch(/\.002\.[0-9A-Z]$/);
    expect(next.data.domicile).toBe('峡州市峡江区滨江路99号');
    expect((await verify(next.token)).json().valid).toBe(true);
    const old = (await verify(yyzz.token)).json();
    expect(old).toMatchObject({ valid: false });
    expect(old.reason).toContain('换发');
    const wallet = await mine('demo-enterprise');
    expect(wallet.filter((l) => l.typeCode === 'LIC-YYZZ').map((l) => l.id)).toEqual([next.id]);
    expect(await t.app.licences.holds(await holderId(), 'LIC-YYZZ')).toBe(true);
  });

  it('gives the demo holders their licences', async () => {
    const person = await mine('demo-person');
    expect(person.map((l) => l.typeCode)).toEqual(['LIC-SFZ']);
    expect(person[0]!.data).toMatchObject({ name: '张晓峡', gender: '男', birthDate: '1990年3月7日' });
    expect((await verify(person[0]!.token)).json()).toMatchObject({
      valid: true,
      licence: { holderName: '张*峡' },
    });
    const personId = (await t.call('GET', '/api/me', { token: tok['demo-person'] })).json().id;
    expect(await t.app.licences.holds(personId, 'LIC-SFZ')).toBe(true);
    expect(await t.app.licences.holds(personId, 'LIC-YYZZ')).toBe(false);
  });

  it('records issue and revocation in the event log', async () => {
    const rows = await t.app.database.db
      .selectFrom('events')
      .select(['type'])
      .where('aggregate_type', '=', 'licence')
      .where('aggregate_id', '=', licence.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['licence.issued', 'licence.revoked']));
  });
});
