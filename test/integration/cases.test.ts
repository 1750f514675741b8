import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSON_ID } from '../../src/demo/accounts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const FOOD = 'SCJG-XK-007-01'; // 食品经营许可（新办）: m4, m5 may be deferred (容缺); promised 5 working days
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

describe.each(ENGINES)('cases on %s', (engine) => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of [
      'demo-enterprise',
      'demo-person',
      'demo-clerk',
      'demo-reviewer',
      'demo-approver',
      'demo-admin',
    ])
      tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  const act = (who: string, id: string, body: Record<string, unknown>) =>
    t.call('POST', `/api/cases/${id}/actions`, { token: tok[who], body });
  const view = async (who: string, id: string) =>
    (await t.call('GET', `/api/cases/${id}`, { token: tok[who] })).json();

  async function foodApplication(
    opts: { deferM4?: boolean; delivery?: 'window' | 'express' | 'electronic' } = {},
  ) {
    const f = () => t.upload(tok['demo-enterprise']!);
    const materials: Record<string, unknown>[] = [
      { materialId: 'm1', fileId: await f() },
      { materialId: 'm2', fileId: await f() },
      { materialId: 'm3', fileId: await f() },
      opts.deferM4 ? { materialId: 'm4', deferred: true } : { materialId: 'm4', fileId: await f() },
      { materialId: 'm5', fileId: await f() },
    ];
    const mode = opts.delivery ?? 'window';
    return {
      itemCode: FOOD,
      regionCode: '411200',
      form: FOOD_FORM,
      materials,
      delivery: mode === 'express' ? { mode, address: '峡州市峡江区滨江路88号' } : { mode },
    };
  }

  async function submit(body: Record<string, unknown>, who = 'demo-enterprise') {
    const r = await t.call('POST', '/api/cases', { token: tok[who], body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  }

  it('carries a 容缺 case from online application to delivery, with its timeline', async () => {
    const id = await submit(await foodApplication({ deferM4: true }));
    let c = await view('demo-enterprise', id);
    expect(c).toMatchObject({
      status: 'submitted',
      itemCode: FOOD,
      itemVersion: 1,
      visits: 0,
      warning: 'none',
      dueDate: null,
    });
    expect(c.materials.find((m: { materialId: string }) => m.materialId === 'm4').status).toBe('deferred');

    // A plain acceptance would lose track of the owed material.
    expect((await act('demo-clerk', id, { action: 'accept' })).statusCode).toBe(409);
    const accepted = await act('demo-clerk', id, {
      action: 'accept-deferred',
      comment: '经营场所材料齐全，食品安全管理制度目录容缺后补',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    c = await view('demo-enterprise', id);
    const acceptedDate = new Date(new Date(c.acceptedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const expectedDue = (
      await t.call('GET', `/api/calendar/add-working-days?from=${acceptedDate}&days=5`)
    ).json().date;
    expect(c).toMatchObject({ status: 'accepted', dueDate: expectedDue, pausedWorkingDays: 0 });
    expect(c.materials.find((m: { materialId: string }) => m.materialId === 'm4').owedUntil).toBeTruthy();

    // Back office: review and on-site inspection, then the decision.
    expect(
      (await act('demo-reviewer', id, { action: 'complete-step', stepId: 'review' })).json().status,
    ).toBe('in_review');
    expect(
      (
        await act('demo-reviewer', id, {
          action: 'complete-step',
          stepId: 'inspect',
          comment: '现场核查符合要求',
        })
      ).statusCode,
    ).toBe(200);
    const early = await act('demo-approver', id, { action: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('materials_owed');

    const supplied = await t.call('POST', `/api/cases/${id}/materials`, {
      token: tok['demo-enterprise'],
      body: { materialId: 'm4', fileId: await t.upload(tok['demo-enterprise']!) },
    });
    expect(supplied.statusCode, supplied.body).toBe(200);
    expect((await act('demo-approver', id, { action: 'approve', comment: '准予许可' })).json().status).toBe(
      'approved',
    );
    const delivered = await act('demo-clerk', id, { action: 'deliver' });
    expect(delivered.json().status).toBe('delivered');

    c = await view('demo-enterprise', id);
    expect(c.visits).toBe(1); // collected at the window
    expect(c.events.map((e: { type: string }) => e.type)).toEqual([
      'submitted',
      'accept-deferred',
      'complete-step',
      'complete-step',
      'material-supplied',
      'approve',
      'deliver',
    ]);
    expect(c.events[1]).toMatchObject({ actorName: '王窗口', comment: expect.stringContaining('容缺') });
    expect(c.steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
  });

  it('delivers an electronic result on approval by itself', async () => {
    const id = await submit(await foodApplication({ delivery: 'electronic' }));
    await act('demo-clerk', id, { action: 'accept' });
    await act('demo-reviewer', id, { action: 'complete-step', stepId: 'review' });
    await act('demo-reviewer', id, { action: 'complete-step', stepId: 'inspect' });
    const r = await act('demo-approver', id, { action: 'approve' });
    expect(r.json().status).toBe('delivered');
    const c = await view('demo-enterprise', id);
    expect(c.visits).toBe(0);
    expect(c.events.map((e: { type: string }) => e.type).slice(-2)).toEqual(['approve', 'deliver']);
  });

  it('names every problem of an application at once and creates nothing', async () => {
    const before = (await t.call('GET', '/api/cases?mine=1', { token: tok['demo-enterprise'] })).json().total;
    const body = await foodApplication();
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-enterprise'],
      body: {
        ...body,
        form: { ...FOOD_FORM, phone: '12345', area: -1, entName: undefined },
        materials: [
          { materialId: 'm1', commitment: true },
          { materialId: 'm9', deferred: true },
        ],
        delivery: { mode: 'express' },
      },
    });
    expect(r.statusCode).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    // entName names the applicant: filled from the account (applicant-fields.ts), never missing.
    expect(fields).not.toContain('form.entName');
    expect(fields).toEqual(
      expect.arrayContaining([
        'form.phone',
        'form.area',
        'materials.0.commitment',
        'materials.1.materialId',
        'materials',
        'delivery.address',
      ]),
    );
    expect(r.json().errors.find((e: { field: string }) => e.field === 'materials').message).toContain(
      '缺少必需材料',
    );
    const after = (await t.call('GET', '/api/cases?mine=1', { token: tok['demo-enterprise'] })).json().total;
    expect(after).toBe(before);
  });

  it('refuses an item not implemented in the region, and an item not served to the applicant kind', async () => {
    const body = await foodApplication();
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-enterprise'],
      body: { ...body, regionCode: '411221100' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('regionCode');
    const ent = await t.call('POST', '/api/cases', {
      token: tok['demo-person'],
      body: {
        itemCode: 'SCJG-XK-001-00',
        regionCode: '411200',
        form: {},
        materials: [],
        delivery: { mode: 'window' },
      },
    });
    expect(ent.statusCode).toBe(400);
    expect(ent.json().errors.map((e: { field: string }) => e.field)).toContain('itemCode');
  });

  it('asks for everything to correct at once before acceptance, and returns to submitted after resubmission', async () => {
    const id = await submit(await foodApplication());
    const req = await act('demo-clerk', id, {
      action: 'request-correction',
      materials: ['m3', 'm5'],
      comment: '平面图不清晰；培训考核材料缺少签字',
    });
    expect(req.json().status).toBe('correction');
    let c = await view('demo-enterprise', id);
    expect(c.correction.materials).toEqual(['m3', 'm5']);
    expect(
      c.materials
        .filter((m: { status: string; required: boolean }) => m.status === 'missing' && m.required)
        .map((m: { materialId: string }) => m.materialId),
    ).toEqual(['m3', 'm5']);
    expect((await act('demo-enterprise', id, { action: 'resubmit' })).statusCode).toBe(409);
    for (const m of ['m3', 'm5']) {
      await t.call('POST', `/api/cases/${id}/materials`, {
        token: tok['demo-enterprise'],
        body: { materialId: m, fileId: await t.upload(tok['demo-enterprise']!) },
      });
    }
    expect((await act('demo-enterprise', id, { action: 'resubmit' })).json().status).toBe('submitted');
    c = await view('demo-enterprise', id);
    expect(c.acceptedAt).toBeNull();
    expect(c.pausedWorkingDays).toBe(0);
  });

  it('stops the clock while the applicant corrects after acceptance and adds the paused working days to the due date', async () => {
    const id = await submit(await foodApplication());
    await act('demo-clerk', id, { action: 'accept' });
    await act('demo-reviewer', id, {
      action: 'request-correction',
      materials: ['m3'],
      comment: '平面图比例不对',
    });
    // Pretend the correction was requested three working days ago.
    const cal = t.app.calendar;
    const today = cal.today();
    let since = today;
    while (cal.workingDaysBetween(since, today) < 3)
      since = new Date(Date.parse(`${since}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await sql`update cases set paused_since = ${since} where id = ${id}`.execute(t.app.database.db);
    const during = await view('demo-enterprise', id);
    expect(during.pausedWorkingDays).toBe(3);
    expect(during.warning).toBe('none');

    await t.call('POST', `/api/cases/${id}/materials`, {
      token: tok['demo-enterprise'],
      body: { materialId: 'm3', fileId: await t.upload(tok['demo-enterprise']!) },
    });
    expect((await act('demo-enterprise', id, { action: 'resubmit' })).json().status).toBe('accepted');
    const c = await view('demo-enterprise', id);
    const acceptedDate = new Date(new Date(c.acceptedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(c.pausedWorkingDays).toBe(3);
    expect(c.dueDate).toBe(cal.addWorkingDays(acceptedDate, 5 + 3).date);
  });

  it('turns the deadline yellow at 80 % and red when overdue, in a sweep that writes events', async () => {
    const id = await submit(await foodApplication());
    await act('demo-clerk', id, { action: 'accept' });
    const cal = t.app.calendar;
    const daysAgo = async (n: number) => {
      let d = cal.today();
      while (cal.workingDaysBetween(d, cal.today()) < n)
        d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await sql`update cases set accepted_at = ${`${d}T02:00:00Z`}::timestamptz where id = ${id}`.execute(
        t.app.database.db,
      );
    };
    await daysAgo(4); // 4 of 5 working days used
    await t.app.cases.sweep();
    expect((await view('demo-reviewer', id)).warning).toBe('yellow');
    await daysAgo(6);
    const r = await t.app.cases.sweep();
    expect(r.changed).toBeGreaterThanOrEqual(1);
    const c = await view('demo-reviewer', id);
    expect(c.warning).toBe('red');
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['warning.yellow', 'warning.red']),
    );
    const again = await t.app.cases.sweep();
    expect(again.changed).toBe(0);
    const tasks = await t.call('GET', '/api/tasks?warning=red', { token: tok['demo-reviewer'] });
    expect(tasks.json().items.map((x: { id: string }) => x.id)).toContain(id);
    // The colour counts describe the whole queue, whatever the filter.
    const all = await t.call('GET', '/api/tasks', { token: tok['demo-reviewer'] });
    expect(tasks.json().counts).toEqual(all.json().counts);
    expect(tasks.json().total).toBe(all.json().counts.red);
  });

  it('answers 403 for a role that may never act and 409 for a state that does not allow it; both change nothing', async () => {
    const id = await submit(await foodApplication());
    const byReviewer = await act('demo-reviewer', id, { action: 'accept' });
    expect(byReviewer.statusCode).toBe(403);
    const byApplicant = await act('demo-enterprise', id, { action: 'approve' });
    expect(byApplicant.statusCode).toBe(403);
    const tooEarly = await act('demo-approver', id, { action: 'approve' });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().code).toBe('case_state');
    const c = await view('demo-enterprise', id);
    expect(c.status).toBe('submitted');
    expect(c.events).toHaveLength(1);
    // Someone else's case: invisible to read and to act on (existence is not revealed).
    expect((await t.call('GET', `/api/cases/${id}`, { token: tok['demo-person'] })).statusCode).toBe(404);
    expect((await act('demo-person', id, { action: 'withdraw' })).statusCode).toBe(404);
  });

  it('hides a case from staff of another region or department, whatever the state', async () => {
    const staff = (username: string, roles: string[], region: string, dept: string | null) =>
      t.app.identity.ensureAccount({
        kind: 'staff',
        username,
        name: username,
        roles,
        region_code: region,
        department_code: dept,
        id_number: null,
        uscc: null,
        phone: null,
        legal_rep_name: null,
        legal_rep_id_number: null,
        password: 'Tongban@2026',
      });
    await staff(`lc-clerk-${engine}`, ['window'], '410300', 'ZWFW-410300');
    await staff(`ga-reviewer-${engine}`, ['reviewer'], '411200', 'GA-411200');
    const foreignClerk = await t.login(`lc-clerk-${engine}`);
    const otherDept = await t.login(`ga-reviewer-${engine}`);
    const id = await submit(await foodApplication());
    const r1 = await t.call('POST', `/api/cases/${id}/actions`, {
      token: foreignClerk,
      body: { action: 'accept' },
    });
    expect(r1.statusCode).toBe(404);
    await act('demo-clerk', id, { action: 'accept' });
    const r2 = await t.call('POST', `/api/cases/${id}/actions`, {
      token: otherDept,
      body: { action: 'complete-step', stepId: 'review' },
    });
    expect(r2.statusCode).toBe(404);
    const inbox = await t.call('GET', '/api/tasks', { token: otherDept });
    expect(inbox.json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await view('demo-reviewer', id)).status).toBe('accepted');
  });

  it('refuses a rejection without a reason, and withdraws for the applicant before the decision', async () => {
    const id = await submit(await foodApplication());
    const noReason = await act('demo-clerk', id, { action: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('comment');
    expect(
      (await act('demo-enterprise', id, { action: 'withdraw', comment: '信息填错，重新申请' })).json().status,
    ).toBe('withdrawn');
    expect((await act('demo-clerk', id, { action: 'accept' })).statusCode).toBe(409);
  });

  it('lets one of two concurrent acceptances win', async () => {
    const id = await submit(await foodApplication());
    const [a, b] = await Promise.all([
      act('demo-clerk', id, { action: 'accept' }),
      act('demo-clerk', id, { action: 'accept' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(
      (await view('demo-clerk', id)).events.filter((e: { type: string }) => e.type === 'accept'),
    ).toHaveLength(1);
  });

  it('creates one case for one Idempotency-Key', async () => {
    const body = await foodApplication();
    const headers = { 'idempotency-key': `apply-${engine}` };
    const a = await t.call('POST', '/api/cases', { token: tok['demo-enterprise'], body, headers });
    const b = await t.call('POST', '/api/cases', { token: tok['demo-enterprise'], body, headers });
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
  });

  it('lets a window clerk take in any item for a walk-in applicant found by ID number (一窗受理)', async () => {
    const found = await t.call('GET', `/api/window/applicants?number=${DEMO_PERSON_ID}`, {
      token: tok['demo-clerk'],
    });
    expect(found.statusCode).toBe(200);
    const person = found.json().items[0];
    expect(person.name).toBe('张晓峡');
    expect(person.numberMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    const r = await t.call('POST', '/api/cases', {
      token: tok['demo-clerk'],
      body: {
        ...(await foodApplication()),
        form: { ...FOOD_FORM, entName: '张晓峡小吃店', uscc: '92411202MA9XKT2L7X' },
        applicantId: person.id,
        materials: await Promise.all(
          ['m1', 'm2', 'm3', 'm4', 'm5'].map(async (m) => ({
            materialId: m,
            fileId: await t.upload(tok['demo-clerk']!),
          })),
        ),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const c = await view('demo-person', r.json().id);
    expect(c).toMatchObject({ channel: 'window', visits: 1, applicant: { name: '张晓峡' } });
    const inbox = await t.call('GET', '/api/tasks', { token: tok['demo-clerk'] });
    expect(inbox.json().items.map((x: { id: string }) => x.id)).toContain(r.json().id);
    // The reviewer sees it only once accepted.
    const before = await t.call('GET', '/api/tasks', { token: tok['demo-reviewer'] });
    expect(before.json().items.map((x: { id: string }) => x.id)).not.toContain(r.json().id);
  });

  it('registers a walk-in applicant at the window, once, who then has no password to log in with', async () => {
    const { makeIdNumber } = await import('../../src/modules/identity/id-number.js');
    const idNumber = makeIdNumber('411221', '19700505', `${engine === 'pglite' ? 1 : 2}23`);
    const body = {
      type: 'person',
      name: '刘大爷',
      idNumber,
      phone: engine === 'pglite' ? '13937129001' : '13937129002',
    };
    const r = await t.call('POST', '/api/window/applicants', { token: tok['demo-clerk'], body });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ name: '刘大爷', kind: 'person' });
    expect(
      (await t.call('POST', '/api/window/applicants', { token: tok['demo-clerk'], body })).statusCode,
    ).toBe(409);
    const found = await t.call('GET', `/api/window/applicants?number=${idNumber}`, {
      token: tok['demo-clerk'],
    });
    expect(found.json().items[0].id).toBe(r.json().id);
    const login = await t.call('POST', '/api/auth/login', {
      body: { username: idNumber, password: '!walk-in:x' },
    });
    expect(login.statusCode).toBe(401);
    expect(
      (await t.call('POST', '/api/window/applicants', { token: tok['demo-reviewer'], body })).statusCode,
    ).toBe(403);
  });

  it('keeps drafts per applicant', async () => {
    const saved = await t.call('POST', '/api/cases/drafts', {
      token: tok['demo-enterprise'],
      body: { itemCode: FOOD, regionCode: '411200', data: { form: { entName: 'x' } } },
    });
    expect(saved.statusCode).toBe(201);
    const list = await t.call('GET', '/api/cases/drafts', { token: tok['demo-enterprise'] });
    expect(list.json().items[0]).toMatchObject({ itemCode: FOOD, data: { form: { entName: 'x' } } });
    const other = await t.call('PUT', `/api/cases/drafts/${saved.json().id}`, {
      token: tok['demo-person'],
      body: { data: {} },
    });
    expect(other.statusCode).toBe(404);
  });
});
