import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';
import type {
  ClockColumns,
  ObjectChange,
  WorkflowObject,
  WorkflowStore,
} from '../../platform/workflow/index.js';
import type { TicketData } from './workflow.js';

type Tables = {
  hotline_tickets: {
    id: string;
    ticket_no: string;
    channel: string;
    kind: string;
    category_code: string;
    content: string;
    caller_id: string | null;
    caller_name: string | null;
    caller_phone: string;
    confidential: boolean;
    urgent: boolean;
    address: string | null;
    lat: number | null;
    long: number | null;
    region_code: string;
    department_code: string | null;
    status: string;
    version: number;
    definition_version: number;
    reply: string | null;
    satisfaction: string | null;
    reopen_count: number;
    urge_count: number;
    pending_extension: unknown;
    clock_start: string | null;
    limit_days: number;
    same_day: boolean;
    paused_days: number;
    paused_since: string | null;
    pause_reason: string | null;
    extended_days: number;
    due_date: string | null;
    warn_date: string | null;
    clock_running: boolean;
    warning: string;
    created_by: string | null;
    created_at: Date;
    updated_at: Date;
  };
};
type Row = Tables['hotline_tickets'];

const t = (db: DbOrTx | Tx) => (db as Db).withTables<Tables>();

// Named columns, never `select *`: prepared plans survive a migration that adds a column.
const COLUMNS = [
  'id',
  'ticket_no',
  'channel',
  'kind',
  'category_code',
  'content',
  'caller_id',
  'caller_name',
  'caller_phone',
  'confidential',
  'urgent',
  'address',
  'lat',
  'long',
  'region_code',
  'department_code',
  'status',
  'version',
  'definition_version',
  'reply',
  'satisfaction',
  'reopen_count',
  'urge_count',
  'pending_extension',
  'clock_start',
  'limit_days',
  'same_day',
  'paused_days',
  'paused_since',
  'pause_reason',
  'extended_days',
  'warning',
  'created_at',
] as const;

type Selected = Pick<Row, (typeof COLUMNS)[number]>;

function toObject(r: Selected): WorkflowObject<TicketData> {
  return {
    id: r.id,
    state: r.status,
    version: r.version,
    definitionVersion: r.definition_version,
    regionCode: r.region_code,
    departmentCode: r.department_code,
    parties: { caller: r.caller_id },
    clock: {
      startDate: r.clock_start,
      limitDays: r.limit_days,
      sameDay: r.same_day,
      pausedDays: r.paused_days,
      pausedSince: r.paused_since,
      pauseReason: r.pause_reason,
      extendedDays: r.extended_days,
    },
    warning: r.warning as WorkflowObject['warning'],
    data: {
      ticketNo: r.ticket_no,
      channel: r.channel as TicketData['channel'],
      kind: r.kind as TicketData['kind'],
      categoryCode: r.category_code,
      content: r.content,
      callerName: r.caller_name,
      callerPhone: r.caller_phone,
      confidential: r.confidential,
      urgent: r.urgent,
      address: r.address,
      lat: r.lat,
      long: r.long,
      reply: r.reply,
      satisfaction: r.satisfaction as TicketData['satisfaction'],
      reopenCount: r.reopen_count,
      urgeCount: r.urge_count,
      pendingExtension: (r.pending_extension as TicketData['pendingExtension']) ?? null,
      createdAt: r.created_at.toISOString(),
    },
  };
}

/** Data fields to columns (only those present in the patch). */
function dataColumns(d: Partial<TicketData>): Partial<Row> {
  const out: Partial<Row> = {};
  if (d.reply !== undefined) out.reply = d.reply;
  if (d.satisfaction !== undefined) out.satisfaction = d.satisfaction;
  if (d.reopenCount !== undefined) out.reopen_count = d.reopenCount;
  if (d.urgeCount !== undefined) out.urge_count = d.urgeCount;
  if (d.pendingExtension !== undefined)
    out.pending_extension = (
      d.pendingExtension === null ? null : JSON.stringify(d.pendingExtension)
    ) as never;
  return out;
}

function clockColumns(o: Pick<ObjectChange<TicketData>, 'clock' | 'warning'>, c: ClockColumns): Partial<Row> {
  return {
    clock_start: o.clock.startDate,
    limit_days: o.clock.limitDays,
    same_day: o.clock.sameDay,
    paused_days: o.clock.pausedDays,
    paused_since: o.clock.pausedSince,
    pause_reason: o.clock.pauseReason,
    extended_days: o.clock.extendedDays,
    warning: o.warning,
    due_date: c.dueDate,
    warn_date: c.warnDate,
    clock_running: c.clockRunning,
  };
}

export async function nextTicketSeq(db: DbOrTx): Promise<number> {
  const r = await sql<{ n: number }>`select nextval('hotline_ticket_seq')::int as n`.execute(db);
  return r.rows[0]!.n;
}

export const ticketStore: WorkflowStore<TicketData> = {
  async find(db, id) {
    const r = await t(db)
      .selectFrom('hotline_tickets')
      .select(COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toObject(r) : null;
  },
  async lock(tx, id, opts) {
    let q = t(tx).selectFrom('hotline_tickets').select(COLUMNS).where('id', '=', id).forUpdate();
    if (opts?.skipLocked) q = q.skipLocked();
    const r = await q.executeTakeFirst();
    return r ? toObject(r) : null;
  },
  async insert(tx, o, c, createdBy) {
    const d = o.data;
    await t(tx)
      .insertInto('hotline_tickets')
      .values({
        id: o.id,
        ticket_no: d.ticketNo,
        channel: d.channel,
        kind: d.kind,
        category_code: d.categoryCode,
        content: d.content,
        caller_id: o.parties.caller ?? null,
        caller_name: d.callerName,
        caller_phone: d.callerPhone,
        confidential: d.confidential,
        urgent: d.urgent,
        address: d.address,
        lat: d.lat,
        long: d.long,
        region_code: o.regionCode,
        department_code: o.departmentCode,
        status: o.state,
        version: o.version,
        definition_version: o.definitionVersion,
        created_by: createdBy,
        ...dataColumns(d),
        ...clockColumns(o, c),
      } as never)
      .execute();
  },
  async update(tx, id, ch) {
    await t(tx)
      .updateTable('hotline_tickets')
      .set({
        status: ch.state,
        version: ch.version,
        definition_version: ch.definitionVersion,
        department_code: ch.departmentCode,
        updated_at: sql`now()`,
        ...dataColumns(ch.data),
        ...clockColumns(ch, ch.columns),
      } as never)
      .where('id', '=', id)
      .execute();
  },
  async sweepCandidates(db, today, after, limit) {
    let q = t(db)
      .selectFrom('hotline_tickets')
      .select('id')
      .where('clock_running', '=', true)
      .where((eb) =>
        eb.or([
          eb.and([eb('warning', '=', 'none'), eb('warn_date', '<=', today)]),
          eb.and([eb('warning', '<>', 'red'), eb('due_date', '<', today)]),
        ]),
      )
      .orderBy('id')
      .limit(limit);
    if (after) q = q.where('id', '>', after);
    return (await q.execute()).map((r) => r.id);
  },
};

export async function ticketEvents(db: DbOrTx, id: string) {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'actor_id', 'payload', 'at'])
    .where('aggregate_type', '=', 'ticket')
    .where('aggregate_id', '=', id)
    .orderBy('id')
    .execute() as Promise<
    { id: number; type: string; actor_id: string | null; payload: Record<string, unknown>; at: Date }[]
  >;
}
