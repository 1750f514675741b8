import { type ColumnType, type Generated, sql } from 'kysely';
import { columnsOf, qualified } from '../../platform/db/columns.js';
import type { DbOrTx } from '../../platform/db/database.js';
import type { CaseStatus } from './state.js';

type Json<T = unknown> = ColumnType<T, string, string>;

export interface Delivery {
  mode: 'window' | 'express' | 'electronic';
  address?: string;
}

export type MaterialStatus = 'provided' | 'shared' | 'commitment' | 'deferred' | 'missing';
export type StepStatus = 'waiting' | 'open' | 'done';

export type CaseTables = {
  cases: {
    id: string;
    case_no: string;
    parent_id: string | null;
    bundle_code: string | null;
    item_code: string | null;
    item_version: number | null;
    region_code: string;
    department_code: string | null;
    applicant_id: string;
    applicant_kind: string;
    applicant_name: string;
    channel: 'online' | 'window';
    submitted_by: string;
    status: CaseStatus;
    correction_from: CaseStatus | null;
    correction_materials: string[];
    form: Json<Record<string, unknown>>;
    delivery: Json<Delivery>;
    promised_days: number;
    accepted_at: Date | null;
    due_date: string | null;
    paused_working_days: number;
    paused_since: string | null;
    warning: 'none' | 'yellow' | 'red';
    visits: number;
    decided_at: Date | null;
    delivered_at: Date | null;
    tracking_no: string | null;
    seq: number;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  case_materials: {
    case_id: string;
    material_id: string;
    name: string;
    required: boolean;
    status: MaterialStatus;
    file_id: string | null;
    commitment_text: string | null;
    shared_source: string | null;
    owed_until: string | null;
    supplied_at: Date | null;
    overdue_at: Date | null;
    updated_at: Generated<Date>;
  };
  case_steps: {
    case_id: string;
    step_id: string;
    seq: number;
    name: string;
    role: string;
    parallel_group: string | null;
    days: number;
    status: StepStatus;
    assignee: string | null;
    opened_at: Date | null;
    completed_at: Date | null;
    completed_by: string | null;
  };
  case_drafts: {
    id: string;
    applicant_id: string;
    item_code: string | null;
    bundle_code: string | null;
    region_code: string | null;
    body: Json<Record<string, unknown>>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};

export type CaseRow = CaseTables['cases'] & {
  form: Record<string, unknown>;
  delivery: Delivery;
  created_at: Date;
  updated_at: Date;
};
export type MaterialRow = CaseTables['case_materials'] & { updated_at: Date };
export type StepRow = CaseTables['case_steps'];
export type NewCase = Omit<CaseTables['cases'], 'created_at' | 'updated_at' | 'form' | 'delivery'> & {
  form: Record<string, unknown>;
  delivery: Delivery;
};

const t = (db: DbOrTx) => db.withTables<CaseTables>();

const CASE_COLUMNS = columnsOf<CaseTables['cases']>()([
  'id',
  'case_no',
  'parent_id',
  'bundle_code',
  'item_code',
  'item_version',
  'region_code',
  'department_code',
  'applicant_id',
  'applicant_kind',
  'applicant_name',
  'channel',
  'submitted_by',
  'status',
  'correction_from',
  'correction_materials',
  'form',
  'delivery',
  'promised_days',
  'accepted_at',
  'due_date',
  'paused_working_days',
  'paused_since',
  'warning',
  'visits',
  'decided_at',
  'delivered_at',
  'tracking_no',
  'seq',
  'created_at',
  'updated_at',
]);
const MATERIAL_COLUMNS = columnsOf<CaseTables['case_materials']>()([
  'case_id',
  'material_id',
  'name',
  'required',
  'status',
  'file_id',
  'commitment_text',
  'shared_source',
  'owed_until',
  'supplied_at',
  'overdue_at',
  'updated_at',
]);
const STEP_COLUMNS = columnsOf<CaseTables['case_steps']>()([
  'case_id',
  'step_id',
  'seq',
  'name',
  'role',
  'parallel_group',
  'days',
  'status',
  'assignee',
  'opened_at',
  'completed_at',
  'completed_by',
]);
const DRAFT_COLUMNS = columnsOf<CaseTables['case_drafts']>()([
  'id',
  'applicant_id',
  'item_code',
  'bundle_code',
  'region_code',
  'body',
  'created_at',
  'updated_at',
]);

/**
 * Inserts a case and returns its 办件编号: region + date + serial (at least six digits), readable on
 * the phone and printed on every notice. The serial is drawn in the same statement (one round trip).
 */
export async function insertCase(tx: DbOrTx, c: Omit<NewCase, 'case_no'>, date: string): Promise<string> {
  const prefix = `${c.region_code.slice(0, 6)}${date.replaceAll('-', '')}`;
  const row = await t(tx)
    .insertInto('cases')
    .values({
      ...c,
      case_no: sql<string>`(select ${prefix}::text || lpad(n::text, greatest(6, length(n::text)), '0')
        from nextval('case_no_seq') as n)`,
      form: JSON.stringify(c.form),
      delivery: JSON.stringify(c.delivery),
    })
    .returning('case_no')
    .executeTakeFirstOrThrow();
  return row.case_no;
}

export async function insertMaterials(tx: DbOrTx, rows: Omit<MaterialRow, 'updated_at'>[]): Promise<void> {
  if (rows.length) await t(tx).insertInto('case_materials').values(rows).execute();
}

export async function insertSteps(tx: DbOrTx, rows: StepRow[]): Promise<void> {
  if (rows.length) await t(tx).insertInto('case_steps').values(rows).execute();
}

/** SELECT … FOR UPDATE: concurrent actions on one case queue up instead of both reading the old state. */
export async function lockCase(tx: DbOrTx, id: string): Promise<CaseRow | undefined> {
  return t(tx)
    .selectFrom('cases')
    .select(CASE_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst() as Promise<CaseRow | undefined>;
}

export async function findCase(db: DbOrTx, id: string): Promise<CaseRow | undefined> {
  return t(db).selectFrom('cases').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<
    CaseRow | undefined
  >;
}

export async function updateCase(tx: DbOrTx, id: string, patch: Partial<NewCase>): Promise<void> {
  const { form, delivery, ...rest } = patch;
  await t(tx)
    .updateTable('cases')
    .set({
      ...rest,
      ...(form ? { form: JSON.stringify(form) } : {}),
      ...(delivery ? { delivery: JSON.stringify(delivery) } : {}),
      seq: sql`seq + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function materials(db: DbOrTx, caseId: string): Promise<MaterialRow[]> {
  return t(db)
    .selectFrom('case_materials')
    .select(MATERIAL_COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('material_id')
    .execute() as Promise<MaterialRow[]>;
}

export async function updateMaterial(
  tx: DbOrTx,
  caseId: string,
  materialId: string,
  patch: Partial<Omit<MaterialRow, 'case_id' | 'material_id' | 'updated_at'>>,
): Promise<void> {
  await t(tx)
    .updateTable('case_materials')
    .set({ ...patch, updated_at: sql`now()` })
    .where('case_id', '=', caseId)
    .where('material_id', '=', materialId)
    .execute();
}

export async function steps(db: DbOrTx, caseId: string): Promise<StepRow[]> {
  return t(db)
    .selectFrom('case_steps')
    .select(STEP_COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export async function updateStep(
  tx: DbOrTx,
  caseId: string,
  stepId: string,
  patch: Partial<StepRow>,
): Promise<void> {
  await t(tx)
    .updateTable('case_steps')
    .set(patch)
    .where('case_id', '=', caseId)
    .where('step_id', '=', stepId)
    .execute();
}

export async function caseEvents(db: DbOrTx, caseId: string) {
  return t(db)
    .selectFrom('events')
    .select(['id', 'type', 'actor_id', 'at', 'payload'])
    .where('aggregate_type', '=', 'case')
    .where('aggregate_id', '=', caseId)
    .orderBy('id')
    .execute() as Promise<
    { id: number; type: string; actor_id: string | null; at: Date; payload: Record<string, unknown> }[]
  >;
}

export interface CaseListFilter {
  applicantId?: string;
  departmentCode?: string;
  regionCodes?: string[];
  statuses?: CaseStatus[];
  openStepRoles?: string[];
  itemCode?: string;
  warning?: 'none' | 'yellow' | 'red';
  q?: string;
  parentOnly?: boolean;
  limit: number;
  offset: number;
  order: 'newest' | 'due';
}

export async function listCases(db: DbOrTx, f: CaseListFilter) {
  let q = t(db).selectFrom('cases as c');
  if (f.applicantId) q = q.where('c.applicant_id', '=', f.applicantId);
  if (f.departmentCode) q = q.where('c.department_code', '=', f.departmentCode);
  if (f.regionCodes)
    q = f.regionCodes.length ? q.where('c.region_code', 'in', f.regionCodes) : q.where(sql<boolean>`false`);
  if (f.statuses)
    q = f.statuses.length ? q.where('c.status', 'in', f.statuses) : q.where(sql<boolean>`false`);
  if (f.itemCode) q = q.where('c.item_code', '=', f.itemCode);
  if (f.parentOnly) q = q.where('c.parent_id', 'is', null);
  if (f.q)
    q = q.where((eb) =>
      eb.or([eb('c.case_no', 'like', `%${f.q}%`), eb('c.applicant_name', 'like', `%${f.q}%`)]),
    );
  if (f.openStepRoles) {
    const roles = f.openStepRoles;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_steps as s')
          .select('s.step_id')
          .whereRef('s.case_id', '=', 'c.id')
          .where('s.status', '=', 'open')
          .where('s.role', 'in', roles.length ? roles : ['-']),
      ),
    );
  }
  const counts = await q
    .select(['c.warning', sql<number>`count(*)::int`.as('n')])
    .groupBy('c.warning')
    .execute();
  // The counts by colour describe the whole queue; the colour filter narrows only the page.
  if (f.warning) q = q.where('c.warning', '=', f.warning);
  let rows = q.select(qualified('c', CASE_COLUMNS));
  rows =
    f.order === 'due'
      ? rows.orderBy(sql`c.due_date asc nulls last`).orderBy('c.created_at')
      : rows.orderBy('c.created_at', 'desc');
  const items = (await rows.limit(f.limit).offset(f.offset).execute()) as CaseRow[];
  const byWarning = { none: 0, yellow: 0, red: 0 };
  for (const c of counts) byWarning[c.warning] = c.n;
  const total = f.warning ? byWarning[f.warning] : byWarning.none + byWarning.yellow + byWarning.red;
  return { total, byWarning, items };
}

export async function openStepsOf(db: DbOrTx, caseIds: string[]): Promise<StepRow[]> {
  if (caseIds.length === 0) return [];
  return t(db)
    .selectFrom('case_steps')
    .select(STEP_COLUMNS)
    .where('case_id', 'in', caseIds)
    .where('status', '=', 'open')
    .orderBy('seq')
    .execute();
}

export async function childrenOf(db: DbOrTx, parentId: string): Promise<CaseRow[]> {
  return t(db)
    .selectFrom('cases')
    .select(CASE_COLUMNS)
    .where('parent_id', '=', parentId)
    .orderBy('case_no')
    .execute() as Promise<CaseRow[]>;
}

/** Cases whose clock runs or owes materials: what the deadline sweep looks at. */
export async function sweepCandidates(db: DbOrTx, afterId: string | null, limit: number): Promise<CaseRow[]> {
  let q = t(db)
    .selectFrom('cases')
    .select(CASE_COLUMNS)
    .where('status', 'in', ['accepted', 'in_review', 'correction'])
    .where('accepted_at', 'is not', null)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute() as Promise<CaseRow[]>;
}

export async function overdueOwedMaterials(db: DbOrTx, today: string) {
  return t(db)
    .selectFrom('case_materials as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select(['m.case_id', 'm.material_id', 'm.name', 'm.owed_until', 'c.region_code'])
    .where('m.status', '=', 'deferred')
    .where('m.owed_until', '<', today)
    .where('m.overdue_at', 'is', null)
    .where('c.status', 'in', ['accepted', 'in_review', 'correction'])
    .execute();
}

export async function saveDraft(
  db: DbOrTx,
  d: {
    id: string;
    applicantId: string;
    itemCode: string | null;
    bundleCode: string | null;
    regionCode: string | null;
    body: Record<string, unknown>;
  },
): Promise<void> {
  await t(db)
    .insertInto('case_drafts')
    .values({
      id: d.id,
      applicant_id: d.applicantId,
      item_code: d.itemCode,
      bundle_code: d.bundleCode,
      region_code: d.regionCode,
      body: JSON.stringify(d.body),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        item_code: d.itemCode,
        bundle_code: d.bundleCode,
        region_code: d.regionCode,
        body: JSON.stringify(d.body),
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function drafts(db: DbOrTx, applicantId: string) {
  return t(db)
    .selectFrom('case_drafts')
    .select(DRAFT_COLUMNS)
    .where('applicant_id', '=', applicantId)
    .orderBy('updated_at', 'desc')
    .execute();
}

export async function draft(db: DbOrTx, id: string) {
  return t(db).selectFrom('case_drafts').select(DRAFT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function deleteDraft(db: DbOrTx, id: string): Promise<void> {
  // A draft is the applicant's scratch paper, not a record of the administration: it may go.
  await t(db).deleteFrom('case_drafts').where('id', '=', id).execute();
}

/** The cases whose materials hold an uploaded file (for the files module's read rule, via the service). */
export async function casesHoldingFile(db: DbOrTx, fileId: string) {
  return t(db)
    .selectFrom('case_materials as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select(['c.id', 'c.region_code', 'c.department_code', 'c.applicant_id'])
    .where('m.file_id', '=', fileId)
    .distinct()
    .execute();
}
