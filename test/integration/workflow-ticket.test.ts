import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ticketEvents as loadEvents, ticketStore } from '../../src/modules/hotline/repo.js';
import { createHotlineService } from '../../src/modules/hotline/service.js';
import { ticketWorkflow } from '../../src/modules/hotline/workflow.js';
import { transaction } from '../../src/platform/db/unit-of-work.js';
import { AppError } from '../../src/platform/errors.js';
import { createSweep, replay, type WorkflowPrincipal } from '../../src/platform/workflow/index.js';
import { ENGINES } from '../helpers/engines.js';
import { type HotlineKernel, hotlineKernel, person, staff } from '../helpers/workflow.js';

const DEPT = 'SCJG-411200';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(ENGINES)('12345 ticket workflow on the kernel (%s)', (engine) => {
  let k: HotlineKernel;
  const agent = staff(['agent'], '411200');
  const foreignAgent = staff(['agent'], '411300');
  const handler = staff(['handler'], '411200', DEPT);
  const otherHandler = staff(['handler'], '411200', 'ZWFW-411200');
  const supervisor = staff(['supervisor'], '411200');
  const caller = person();

  beforeAll(async () => {
    k = await hotlineKernel(engine, undefined, { lockTimeoutMs: 300 });
  });
  afterAll(() => k?.close());
  // Every test starts on Monday 2026-12-07 10:00 in Beijing, whatever the one before did to the clock.
  beforeEach(() => k.clock.set(new Date('2026-12-07T02:00:00Z')));

  const complaint = (over: Record<string, unknown> = {}) => ({
    channel: 'phone',
    kind: 'complaint',
    categoryCode: 'SCJG-01',
    content: '某超市销售过期食品',
    caller: { name: '张三', phone: '13800001111' },
    regionCode: '411202',
    ...over,
  });

  async function dispatched(over: Record<string, unknown> = {}) {
    const t = await k.hotline.intake(agent, complaint(over));
    await k.hotline.act(agent, t.id, { action: 'dispatch', departmentCode: DEPT });
    return t.id;
  }

  async function snapshot(id: string) {
    const row = await ticketStore.find(k.db, id);
    const events = await loadEvents(k.db, id);
    return { row, events: events.length };
  }

  /** A refused action changes nothing: same row, same events. */
  async function refusedWithoutChange(id: string, p: WorkflowPrincipal, input: Record<string, unknown>) {
    const before = await snapshot(id);
    const err = await refusal(k.hotline.act(p, id, input as never));
    expect(await snapshot(id)).toEqual(before);
    return err;
  }

  it('dates a ticket in working days from intake: 5 for consultations, 15 for complaints, same day when urgent', async () => {
    const c = await k.hotline.intake(agent, complaint({ kind: 'consult' }));
    expect(c).toMatchObject({ status: 'received', dueDate: '2026-12-14' });
    expect(c.ticketNo).toMatch(/^20261207\d{6}$/);
    expect((await k.hotline.intake(agent, complaint())).dueDate).toBe('2026-12-28');
    expect((await k.hotline.intake(agent, complaint({ urgent: true }))).dueDate).toBe('2026-12-07');
  });

  it('rejects bad intake with 400 naming each field, and staff who are not agents with 403', async () => {
    const err = await refusal(
      k.hotline.intake(agent, complaint({ kind: 'gossip', caller: { phone: '12' } })),
    );
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.field).sort()).toEqual(['caller.phone', 'kind']);
    expect((await refusal(k.hotline.intake(handler, complaint()))).status).toBe(403);
    const phone = await refusal(k.hotline.intake(caller, complaint()));
    expect(phone.errors?.[0]?.field).toBe('channel');
  });

  it('answer: agent answers on the spot; a handler is 403; answering twice is 409 naming the state', async () => {
    const t = await k.hotline.intake(agent, complaint({ kind: 'consult' }));
    expect((await refusedWithoutChange(t.id, handler, { action: 'answer', reply: '答' })).status).toBe(403);
    const v = await k.hotline.act(agent, t.id, { action: 'answer', reply: '营业执照可在网上办理' });
    expect(v).toMatchObject({ status: 'replied', reply: '营业执照可在网上办理', version: 2 });
    const again = await refusedWithoutChange(t.id, agent, { action: 'answer', reply: '再答' });
    expect(again).toMatchObject({ status: 409, code: 'ticket_state' });
    expect(again.detail).toContain('「已答复」');
  });

  it('dispatch: agent of the region only; a bad department code is 400 naming departmentCode', async () => {
    const t = await k.hotline.intake(agent, complaint());
    expect(
      (await refusedWithoutChange(t.id, foreignAgent, { action: 'dispatch', departmentCode: DEPT })).status,
    ).toBe(403);
    const bad = await refusedWithoutChange(t.id, agent, { action: 'dispatch', departmentCode: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0]?.field).toBe('departmentCode');
    const v = await k.hotline.act(agent, t.id, { action: 'dispatch', departmentCode: DEPT });
    expect(v).toMatchObject({ status: 'dispatched', departmentCode: DEPT });
    expect(
      (await refusedWithoutChange(t.id, agent, { action: 'dispatch', departmentCode: DEPT })).status,
    ).toBe(409);
  });

  it('return: only the handling department, with a reason; the agent re-dispatches a returned ticket', async () => {
    const id = await dispatched();
    expect(
      (await refusedWithoutChange(id, otherHandler, { action: 'return', comment: '不归我' })).status,
    ).toBe(403);
    const noReason = await refusedWithoutChange(id, handler, { action: 'return' });
    expect(noReason.errors?.[0]?.field).toBe('comment');
    expect((await k.hotline.act(handler, id, { action: 'return', comment: '非本单位职责' })).status).toBe(
      'returned',
    );
    expect((await refusedWithoutChange(id, handler, { action: 'reply', reply: '已处理' })).status).toBe(409);
    expect(
      (await k.hotline.act(agent, id, { action: 'dispatch', departmentCode: 'ZWFW-411200' })).departmentCode,
    ).toBe('ZWFW-411200');
  });

  it('reply: the handling department replies; the clock stops', async () => {
    const id = await dispatched();
    expect((await refusedWithoutChange(id, agent, { action: 'reply', reply: '已处理' })).status).toBe(403);
    const v = await k.hotline.act(handler, id, { action: 'reply', reply: '已责令下架并立案调查' });
    expect(v.status).toBe('replied');
    expect(
      (await k.db
        .selectFrom('hotline_tickets' as never)
        .select('clock_running' as never)
        .where('id' as never, '=', id as never)
        .executeTakeFirst()) as unknown,
    ).toEqual({ clock_running: false });
    expect((await refusedWithoutChange(id, handler, { action: 'reply', reply: '再答复' })).status).toBe(409);
  });

  it('callback: satisfied closes; unsatisfied reopens to the same department twice, then escalates', async () => {
    const satisfied = await dispatched();
    await k.hotline.act(handler, satisfied, { action: 'reply', reply: '已处理' });
    expect(
      (await refusedWithoutChange(satisfied, handler, { action: 'callback', satisfaction: 'satisfied' }))
        .status,
    ).toBe(403);
    const bad = await refusedWithoutChange(satisfied, agent, { action: 'callback', satisfaction: 'so-so' });
    expect(bad.errors?.[0]?.field).toBe('satisfaction');
    const closed = await k.hotline.act(agent, satisfied, {
      action: 'callback',
      satisfaction: 'basically_satisfied',
    });
    expect(closed).toMatchObject({
      status: 'closed',
      satisfaction: 'basically_satisfied',
      allowedActions: [],
    });
    expect((await refusedWithoutChange(satisfied, agent, { action: 'urge', comment: '催' })).status).toBe(
      409,
    );

    const id = await dispatched();
    for (const n of [1, 2]) {
      await k.hotline.act(handler, id, { action: 'reply', reply: `第 ${n} 次答复` });
      const v = await k.hotline.act(agent, id, { action: 'callback', satisfaction: 'unsatisfied' });
      expect(v).toMatchObject({ status: 'reopened', reopenCount: n, departmentCode: DEPT });
      expect(
        (await refusedWithoutChange(id, agent, { action: 'dispatch', departmentCode: 'ZWFW-411200' })).status,
      ).toBe(409);
    }
    await k.hotline.act(handler, id, { action: 'reply', reply: '第 3 次答复' });
    const v = await k.hotline.act(agent, id, { action: 'callback', satisfaction: 'unsatisfied' });
    expect(v).toMatchObject({ status: 'escalated', reopenCount: 2 });
  });

  it('extend then approve-extension: the supervisor approves and the due date moves by the working days asked', async () => {
    const id = await dispatched();
    expect((await refusedWithoutChange(id, supervisor, { action: 'approve-extension' })).detail).toBe(
      '没有待审批的延期申请',
    );
    const noReason = await refusedWithoutChange(id, handler, { action: 'extend', days: 3 });
    expect(noReason.errors?.[0]?.field).toBe('comment');
    expect(
      (await refusedWithoutChange(id, handler, { action: 'extend', days: 0, comment: '需现场核查' }))
        .errors?.[0]?.field,
    ).toBe('days');
    const asked = await k.hotline.act(handler, id, { action: 'extend', days: 3, comment: '需现场核查' });
    expect(asked).toMatchObject({ dueDate: '2026-12-28', pendingExtension: { days: 3 } });
    expect(
      await refusedWithoutChange(id, handler, { action: 'extend', days: 2, comment: '再延' }),
    ).toMatchObject({ status: 409, code: 'extension_pending' });
    expect((await refusedWithoutChange(id, handler, { action: 'approve-extension' })).status).toBe(403);
    const ok = await k.hotline.act(supervisor, id, { action: 'approve-extension', comment: '同意' });
    expect(ok).toMatchObject({ dueDate: '2026-12-31', extendedDays: 3, pendingExtension: null });
  });

  it('urge: agent or supervisor record a 督办 event; handler and caller are 403', async () => {
    const id = await dispatched();
    expect((await refusedWithoutChange(id, handler, { action: 'urge', comment: '催' })).status).toBe(403);
    expect((await refusedWithoutChange(id, caller, { action: 'urge', comment: '催' })).status).toBe(403);
    await k.hotline.act(agent, id, { action: 'urge', comment: '请尽快办理' });
    const v = await k.hotline.act(supervisor, id, { action: 'urge', comment: '督办' });
    expect(v.status).toBe('dispatched');
    expect(v.events.map((e) => [e.type, e.actor, e.comment])).toEqual([
      ['ticket.received', agent.id, null],
      ['ticket.dispatched', agent.id, null],
      ['ticket.urged', agent.id, '请尽快办理'],
      ['ticket.urged', supervisor.id, '督办'],
    ]);
    const types = (await loadEvents(k.db, id)).map((e) => e.type);
    expect(types.filter((t) => t === 'ticket.urged')).toHaveLength(2);
  });

  it('an action on a stale view is 409 stale and changes nothing', async () => {
    const id = await dispatched();
    const err = await refusedWithoutChange(id, handler, { action: 'reply', reply: '答', expectedVersion: 1 });
    expect(err).toMatchObject({ status: 409, code: 'stale' });
    expect(
      (await k.hotline.act(handler, id, { action: 'reply', reply: '答', expectedVersion: 2 })).version,
    ).toBe(3);
  });

  it('lists per role exactly the actions the server accepts now', async () => {
    const t = await k.hotline.intake(caller, complaint({ channel: 'web' }));
    const names = async (p: WorkflowPrincipal) =>
      (await k.hotline.get(p, t.id)).allowedActions.map((a) => a.name);
    expect(await names(agent)).toEqual(['answer', 'dispatch', 'urge']);
    expect(await names(supervisor)).toEqual(['urge']);
    expect(await names(caller)).toEqual([]);
    expect((await refusal(k.hotline.get(handler, t.id))).status).toBe(404);
    expect((await refusal(k.hotline.get(person(), t.id))).status).toBe(404);
    await k.hotline.act(agent, t.id, { action: 'dispatch', departmentCode: DEPT });
    expect(await names(handler)).toEqual(['return', 'reply', 'extend']);
    const reply = (await k.hotline.get(handler, t.id)).allowedActions.find((a) => a.name === 'reply');
    expect(reply).toEqual({
      name: 'reply',
      label: '办理答复',
      needsComment: false,
      fields: [{ name: 'reply', label: '答复内容', required: true }],
    });
    expect(await names(agent)).toEqual(['urge']);
    expect((await k.hotline.get(handler, t.id)).caller).toEqual({ name: '张三', phone: '138****1111' });
  });

  it('files a web ticket of a logged-in person under their own account name and phone', async () => {
    const withIdentity = createHotlineService({
      db: k.db,
      executor: k.executor,
      applicants: {
        applicant: async (id) => (id === caller.id ? { name: '李四', phone: '13900009999' } : undefined),
      },
    });
    const t = await withIdentity.intake(
      caller,
      complaint({ channel: 'app', caller: { name: '假名', phone: '13800001111' } }),
    );
    expect((await withIdentity.get(caller, t.id)).caller).toEqual({ name: '李四', phone: '13900009999' });
  });

  it('hides a confidential caller from the handling department', async () => {
    const id = await dispatched({ confidential: true, kind: 'report' });
    expect((await k.hotline.get(handler, id)).caller).toBeNull();
    expect((await k.hotline.get(agent, id)).caller).not.toBeNull();
  });

  it('audits every change in its transaction and every refusal', async () => {
    const id = await dispatched();
    await refusal(k.hotline.act(otherHandler, id, { action: 'reply', reply: '答' }));
    const rows = (await k.audit.rows(k.db)).filter((r) => r.object === `ticket:${id}`);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['ticket.create', 'ok'],
      ['ticket.dispatch', 'ok'],
      ['ticket.reply', 'denied'],
    ]);
    expect(rows[1]).toMatchObject({ actorId: agent.id, role: 'agent@region' });
  });

  it('replays every ticket from its events to the stored state', async () => {
    const ids = (await k.db
      .selectFrom('hotline_tickets' as never)
      .select('id' as never)
      .execute()) as { id: string }[];
    expect(ids.length).toBeGreaterThan(10);
    for (const { id } of ids) {
      const o = (await ticketStore.find(k.db, id))!;
      const r = replay(ticketWorkflow, await loadEvents(k.db, id));
      const { createdAt: _a, ...data } = o.data;
      const { createdAt: _b, ...replayed } = r.data;
      expect({ ...r, data: replayed }).toEqual({
        state: o.state,
        version: o.version,
        definitionVersion: o.definitionVersion,
        departmentCode: o.departmentCode,
        clock: o.clock,
        warning: o.warning,
        data,
      });
    }
  });

  it('sweeps yellow at 80 % of the time and red when overdue, once each, and isolates a failing ticket', async () => {
    const id = await dispatched({ regionCode: '411203' });
    const broken = await dispatched({ regionCode: '411203' });
    k.clock.set(new Date('2026-12-22T02:00:00Z'));
    await k.sweep.run();
    expect((await k.hotline.get(agent, id)).warning).toBe('none');
    k.clock.set(new Date('2026-12-23T02:00:00Z')); // 12 of 15 working days used
    const failing = createSweep(k.executor);
    failing.register(ticketWorkflow, {
      ...ticketStore,
      lock: (tx, i, o) =>
        i === broken ? Promise.reject(new Error('corrupt row')) : ticketStore.lock(tx, i, o),
    });
    const first = await failing.run();
    expect(first.ticket?.failed).toBe(1);
    expect(first.ticket?.raised).toBeGreaterThanOrEqual(1);
    expect(k.warnings).toHaveLength(1);
    expect((await k.hotline.get(agent, id)).warning).toBe('yellow');
    expect((await k.hotline.get(agent, broken)).warning).toBe('none');
    await k.sweep.run();
    expect((await k.hotline.get(agent, broken)).warning).toBe('yellow');
    const again = await k.sweep.run();
    expect(again.ticket).toMatchObject({ raised: 0, checked: 0 });
    k.clock.set(new Date('2026-12-29T02:00:00Z'));
    await k.sweep.run();
    await k.sweep.run();
    expect((await k.hotline.get(agent, id)).warning).toBe('red');
    const warnings = (await loadEvents(k.db, id)).filter((e) => e.type === 'warning.raised');
    expect(warnings.map((e) => e.payload.warning)).toEqual(['yellow', 'red']);
    k.clock.set(new Date('2026-12-07T02:00:00Z'));
  });

  it('raises warnings only through the sweep (each rise has its event) and lowers one by an approved extension', async () => {
    const id = await dispatched();
    k.clock.set(new Date('2026-12-29T02:00:00Z')); // past the due date 2026-12-28
    const urged = await k.hotline.act(agent, id, { action: 'urge', comment: '已超期' });
    expect(urged.warning).toBe('none');
    await k.sweep.run();
    expect((await k.hotline.get(agent, id)).warning).toBe('red');
    await k.hotline.act(handler, id, { action: 'extend', days: 5, comment: '需现场核查' });
    const extended = await k.hotline.act(supervisor, id, { action: 'approve-extension' });
    // 2026-12-28 + 5 working days on the shared calendar (2027's notice decides about 1 January).
    expect(extended).toMatchObject({
      dueDate: k.calendar.addWorkingDays('2026-12-28', 5).date,
      warning: 'yellow',
    });
    expect(extended.dueDate! > '2026-12-31').toBe(true);
    const types = (await loadEvents(k.db, id)).map((e) => e.type);
    expect(types.filter((t) => t === 'warning.raised')).toHaveLength(1);
    k.clock.set(new Date('2026-12-07T02:00:00Z'));
  });

  // PGlite is one connection: a second transaction cannot hold a row while the sweep runs.
  if (engine === 'postgres')
    it('skips a ticket another transaction holds (SKIP LOCKED) and takes it on the next run', async () => {
      const id = await dispatched();
      k.clock.set(new Date('2026-12-23T02:00:00Z'));
      let release!: () => void;
      let locked!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = transaction(k.db, async (tx) => {
        await sql`select id from hotline_tickets where id = ${id} for update`.execute(tx);
        locked();
        await held;
      });
      await isLocked;
      const r = await k.sweep.run();
      expect(r.ticket?.skipped).toBeGreaterThanOrEqual(1);
      expect((await k.hotline.get(agent, id)).warning).toBe('none');
      release();
      await holder;
      await k.sweep.run();
      expect((await k.hotline.get(agent, id)).warning).toBe('yellow');
      k.clock.set(new Date('2026-12-07T02:00:00Z'));
    });

  if (engine === 'postgres')
    it('answers 409 busy when another action holds the ticket beyond the lock timeout, changing nothing', async () => {
      const id = await dispatched();
      let release!: () => void;
      let locked!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = transaction(k.db, async (tx) => {
        await sql`select id from hotline_tickets where id = ${id} for update`.execute(tx);
        locked();
        await held;
      });
      await isLocked;
      const err = await refusal(k.hotline.act(handler, id, { action: 'reply', reply: '答' }));
      release();
      await holder;
      expect(err).toMatchObject({ status: 409, code: 'busy' });
      expect((await k.hotline.get(agent, id)).status).toBe('dispatched');
    });
});
