import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCalendarService } from '../../src/platform/calendar/calendar-service.js';
import type { Db, DbOrTx } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import {
  createExecutor,
  createSweep,
  defineWorkflow,
  manualClock,
  replay,
  type WorkflowEvent,
  type WorkflowObject,
  type WorkflowStore,
} from '../../src/platform/workflow/index.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';
import { staff, subtree } from '../helpers/workflow.js';

/**
 * A third workflow, defined only here, for what tickets do not use: a pause (测试检验) beside an
 * extension. It shows that a definition plus a store over a table with the kernel's columns is all
 * a module brings.
 */
type TaskData = { note: string };
type TaskRow = {
  id: string;
  status: string;
  version: number;
  definition_version: number;
  region_code: string;
  clock: unknown;
  warning: string;
  data: unknown;
  due_date: string | null;
  warn_date: string | null;
  clock_running: boolean;
};

const taskWorkflow = defineWorkflow<TaskData>({
  name: 'demo_task',
  version: 1,
  noun: '任务',
  stateConflictCode: 'case_state',
  initial: 'open',
  states: {
    open: { label: '办理中', clockRuns: true },
    testing: { label: '检验中', clockRuns: true },
    done: { label: '已办结', terminal: true, clockRuns: false },
  },
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('task.opened'), note: z.string() }),
    z.object({ type: z.literal('task.testing') }),
    z.object({ type: z.literal('task.tested') }),
    z.object({ type: z.literal('task.extended'), days: z.number() }),
    z.object({ type: z.literal('task.done') }),
  ]) as unknown as z.ZodType<WorkflowEvent>,
  initialData: () => ({ note: '' }),
  evolve: (d, e) => (e.type === 'task.opened' ? { note: e.note as string } : d),
  actions: {
    'start-testing': {
      label: '送检',
      from: ['open'],
      to: 'testing',
      by: [{ role: 'clerk', scope: 'region' }],
      handler: () => ({ clock: [{ op: 'pause', reason: '测试检验' }], event: { type: 'task.testing' } }),
    },
    'finish-testing': {
      label: '检验完成',
      from: ['testing'],
      to: 'open',
      by: [{ role: 'clerk', scope: 'region' }],
      handler: () => ({ clock: [{ op: 'resume' }], event: { type: 'task.tested' } }),
    },
    extend: {
      label: '延期',
      from: ['open'],
      by: [{ role: 'clerk', scope: 'region' }],
      fields: { days: { label: '延期工作日', schema: z.number().int().min(1) } },
      handler: ({ input }) => ({
        clock: [{ op: 'extend', days: input.days as number }],
        event: { type: 'task.extended', days: input.days as number },
      }),
    },
    finish: {
      label: '办结',
      from: ['open'],
      to: 'done',
      by: [{ role: 'clerk', scope: 'region' }],
      handler: () => ({ event: { type: 'task.done' } }),
    },
  },
});

const tbl = (db: DbOrTx) => db as unknown as Kysely<{ demo_tasks: TaskRow }>;
const toObject = (r: TaskRow): WorkflowObject<TaskData> => ({
  id: r.id,
  state: r.status,
  version: r.version,
  definitionVersion: r.definition_version,
  regionCode: r.region_code,
  departmentCode: null,
  parties: {},
  clock: r.clock as WorkflowObject['clock'],
  warning: r.warning as WorkflowObject['warning'],
  data: r.data as TaskData,
});
const store: WorkflowStore<TaskData> = {
  async find(db, id) {
    const r = await tbl(db).selectFrom('demo_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toObject(r) : null;
  },
  async lock(tx, id, o) {
    let q = tbl(tx).selectFrom('demo_tasks').selectAll().where('id', '=', id).forUpdate();
    if (o?.skipLocked) q = q.skipLocked();
    const r = await q.executeTakeFirst();
    return r ? toObject(r) : null;
  },
  async insert(tx, o, c) {
    await tbl(tx)
      .insertInto('demo_tasks')
      .values({
        id: o.id,
        status: o.state,
        version: o.version,
        definition_version: o.definitionVersion,
        region_code: o.regionCode,
        clock: JSON.stringify(o.clock),
        warning: o.warning,
        data: JSON.stringify(o.data),
        due_date: c.dueDate,
        warn_date: c.warnDate,
        clock_running: c.clockRunning,
      })
      .execute();
  },
  async update(tx, id, ch) {
    const cur = (await store.find(tx, id))!;
    await tbl(tx)
      .updateTable('demo_tasks')
      .set({
        status: ch.state,
        version: ch.version,
        definition_version: ch.definitionVersion,
        clock: JSON.stringify(ch.clock),
        warning: ch.warning,
        data: JSON.stringify({ ...cur.data, ...ch.data }),
        due_date: ch.columns.dueDate,
        warn_date: ch.columns.warnDate,
        clock_running: ch.columns.clockRunning,
      })
      .where('id', '=', id)
      .execute();
  },
  async sweepCandidates(db, today, after, limit) {
    const rows = await tbl(db)
      .selectFrom('demo_tasks')
      .select('id')
      .where('clock_running', '=', true)
      .where((eb) =>
        eb.or([
          eb.and([eb('warning', '=', 'none'), eb('warn_date', '<=', today)]),
          eb.and([eb('warning', '<>', 'red'), eb('due_date', '<', today)]),
        ]),
      )
      .$if(after !== null, (q) => q.where('id', '>', after!))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
};

describe.each(ENGINES)('workflow kernel clock on a real table (%s)', (engine) => {
  let db: Db;
  let drop: () => Promise<void>;
  const clock = manualClock(new Date('2026-12-07T02:00:00Z'));
  let executor: ReturnType<typeof createExecutor>;
  const clerk = staff(['clerk'], '411200');

  beforeAll(async () => {
    const f = await freshDatabase(engine);
    db = f.handle.db;
    drop = f.drop;
    await migrate(db);
    await sql`create table demo_tasks (
      id uuid primary key, status text not null, version int not null, definition_version int not null,
      region_code text not null, clock jsonb not null, warning text not null, data jsonb not null,
      due_date date, warn_date date, clock_running boolean not null)`.execute(db);
    const calendar = createCalendarService(db);
    await calendar.ensureSeeded();
    executor = createExecutor({
      db,
      clock,
      calendar: () => calendar.snapshot(),
      scopeOf: async (p) => ({ regionSubtree: p.regionCode ? subtree(p.regionCode) : [] }),
    });
  });
  afterAll(() => drop?.());

  it('counts a 测试检验 pause and an extension apart, moves the due date by both, and warns nothing while paused', async () => {
    const sweep = createSweep(executor);
    sweep.register(taskWorkflow, store);
    const id = randomUUID();
    await executor.create(taskWorkflow, store, clerk, {
      id,
      regionCode: '411202',
      departmentCode: null,
      parties: {},
      data: { note: '样品检验' },
      clock: [{ op: 'start', limitDays: 10 }],
      event: { type: 'task.opened', note: '样品检验' },
    });
    expect(
      (await db
        .selectFrom('demo_tasks' as never)
        .select('due_date' as never)
        .executeTakeFirst()) as unknown,
    ).toEqual({
      due_date: '2026-12-21',
    });
    clock.set(new Date('2026-12-09T02:00:00Z'));
    await executor.act(taskWorkflow, store, clerk, id, { action: 'start-testing' });
    // Long past the unpaused due date, the paused task is not warned.
    clock.set(new Date('2026-12-24T02:00:00Z'));
    expect((await sweep.run()).demo_task?.raised).toBe(0);
    clock.set(new Date('2026-12-14T02:00:00Z'));
    await executor.act(taskWorkflow, store, clerk, id, { action: 'finish-testing' });
    clock.set(new Date('2026-12-15T02:00:00Z'));
    const out = await executor.act(taskWorkflow, store, clerk, id, { action: 'extend', days: 2 });
    expect(out.object.clock).toMatchObject({
      pausedDays: 3,
      extendedDays: 2,
      limitDays: 10,
      pausedSince: null,
    });
    const row = (await tbl(db).selectFrom('demo_tasks').selectAll().where('id', '=', id).executeTakeFirst())!;
    // 10 + 3 paused (12-10, 12-11, 12-14) + 2 extended = 15 working days after 12-07.
    expect(row).toMatchObject({ due_date: '2026-12-28', clock_running: true });
    // Yellow at ceil(12 × 0.8) = 10 used days, plus the 3 paused: 13 working days after 12-07.
    expect(row.warn_date).toBe('2026-12-24');
    const events = await db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('aggregate_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => (e.payload as { wf: { clock: unknown[] } }).wf.clock)).toEqual([
      [{ op: 'start', date: '2026-12-07', limitDays: 10, sameDay: false }],
      [{ op: 'pause', since: '2026-12-09', reason: '测试检验' }],
      [{ op: 'resume', days: 3 }],
      [{ op: 'extend', days: 2, reason: null }],
    ]);
    const r = replay(taskWorkflow, events as never);
    expect(r).toMatchObject({
      state: 'open',
      version: 4,
      clock: out.object.clock,
      data: { note: '样品检验' },
    });
    clock.set(new Date('2026-12-24T02:00:00Z'));
    expect((await sweep.run()).demo_task?.raised).toBe(1);
    expect((await store.find(db, id))?.warning).toBe('yellow');
  });
});
