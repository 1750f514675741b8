import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { fontReport, poppler, popplerMissing } from '../helpers/pdf.js';

const FORM = {
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

describe.each(ENGINES)('notices and messages on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of ['demo-enterprise', 'demo-person', 'demo-clerk', 'demo-reviewer'])
      tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  async function apply(deferM4: boolean) {
    const file = await t.upload(tok['demo-enterprise']!);
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-enterprise'],
      body: {
        itemCode: 'SCJG-XK-007-01',
        regionCode: '411200',
        form: FORM,
        materials: ['m1', 'm2', 'm3', 'm4', 'm5'].map((m) =>
          deferM4 && m === 'm4' ? { materialId: m, deferred: true } : { materialId: m, fileId: file },
        ),
        delivery: { mode: 'window' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; caseNo: string };
  }

  const act = (who: string, id: string, body: Record<string, unknown>) =>
    t.call('POST', `/api/cases/${id}/actions`, { token: tok[who], body });

  it('prints a sealed 受理通知书 listing the 容缺 materials and their deadline', async () => {
    const { id, caseNo } = await apply(true);
    expect(
      (await t.call('GET', `/api/cases/${id}/notices/acceptance`, { token: tok['demo-enterprise'] }))
        .statusCode,
    ).toBe(404);
    await act('demo-clerk', id, { action: 'accept-deferred' });
    const r = await t.call('GET', `/api/cases/${id}/notices/acceptance`, { token: tok['demo-enterprise'] });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fontReport(pdf).notEmbedded).toEqual([]);
    expect(fontReport(pdf).fonts.length).toBeGreaterThan(0);
    if (!popplerMissing('pdftotext')) {
      const text = poppler('pdftotext', pdf).replace(/\s+/g, '');
      expect(text).toContain('受理通知书');
      expect(text).toContain(caseNo);
      expect(text).toContain('峡州市市场监督管理局');
      expect(text).toContain('食品安全管理制度目录');
    }
    // Someone else cannot read it.
    expect(
      (await t.call('GET', `/api/cases/${id}/notices/acceptance`, { token: tok['demo-person'] })).statusCode,
    ).toBe(404);
  });

  it('prints one correction notice naming every material to correct, and a refusal with its reason and remedies', async () => {
    const a = await apply(false);
    await act('demo-clerk', a.id, {
      action: 'request-correction',
      materials: ['m3', 'm5'],
      comment: '须加盖公章',
    });
    const corr = await t.call('GET', `/api/cases/${a.id}/notices/correction`, { token: tok['demo-clerk'] });
    expect(corr.statusCode).toBe(200);
    const b = await apply(false);
    await act('demo-clerk', b.id, {
      action: 'reject',
      comment: '该经营场所位于居民住宅楼内，不符合餐饮服务选址要求',
    });
    const rej = await t.call('GET', `/api/cases/${b.id}/notices/rejection`, {
      token: tok['demo-enterprise'],
    });
    expect(rej.statusCode).toBe(200);
    if (!popplerMissing('pdftotext')) {
      const c = poppler('pdftotext', corr.rawPayload).replace(/\s+/g, '');
      expect(c).toContain('一次性告知');
      expect(c).toContain('与食品经营相适应的经营场所平面图');
      expect(c).toContain('食品安全管理人员及其培训考核情况');
      const r = poppler('pdftotext', rej.rawPayload).replace(/\s+/g, '');
      expect(r).toContain('不予受理决定书');
      expect(r).toContain('居民住宅楼');
      expect(r).toContain('行政复议');
    }
  });

  it('tells the applicant in-app and by SMS at submission, acceptance and correction, once per event', async () => {
    const { id } = await apply(false);
    await act('demo-clerk', id, { action: 'accept' });
    await act('demo-reviewer', id, {
      action: 'request-correction',
      materials: ['m3'],
      comment: '平面图不清晰',
    });
    await t.app.outbox.deliver();
    await t.app.outbox.deliver(); // redelivery finds nothing new and duplicates nothing
    const inbox = (
      await t.call('GET', '/api/me/messages?limit=100', { token: tok['demo-enterprise'] })
    ).json();
    const mine = inbox.items.filter((m: { caseId: string }) => m.caseId === id);
    expect(mine.map((m: { title: string }) => m.title)).toEqual(['请补正材料', '申请已受理', '申请已提交']);
    expect(mine[0].body).toContain('与食品经营相适应的经营场所平面图');
    expect(inbox.unread).toBeGreaterThanOrEqual(3);
    await t.call('POST', `/api/me/messages/${mine[0].id}/read`, { token: tok['demo-enterprise'] });
    const after = (
      await t.call('GET', '/api/me/messages?limit=100', { token: tok['demo-enterprise'] })
    ).json();
    expect(after.unread).toBe(inbox.unread - 1);
    // Nobody else can mark it.
    expect(
      (await t.call('POST', `/api/me/messages/${mine[1].id}/read`, { token: tok['demo-person'] })).statusCode,
    ).toBe(404);
    const sms = await t.app.notify.sendPendingSms();
    expect(sms.sent).toBeGreaterThanOrEqual(3);
    expect((await t.app.notify.sendPendingSms()).sent).toBe(0);
  });
});
