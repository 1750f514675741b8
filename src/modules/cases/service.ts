import { randomUUID } from 'node:crypto';
import { record } from '../../platform/audit/index.js';
import type { ObjectFacts } from '../../platform/authz/index.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { passBusy } from '../../platform/db/errors.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { conflict, type FieldError, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import { renderOfficialNotice } from '../../platform/pdf/official-notice.js';
import { splitMergedForm } from '../catalog/bundle-merge.js';
import type { CatalogItem, CatalogMaterial } from '../catalog/catalog-format.js';
import { allowedActions } from './allowed-actions.js';
import {
  applicantFieldsOf,
  applicantFieldView,
  mergedApplicantFields,
  withApplicantFields,
  withApplicantFieldsMerged,
} from './applicant-fields.js';
import { checkCommitmentText, commitmentText } from './commitment.js';
import { dueDate, pausedDays, type WorkingDays, warningOf } from './deadline.js';
import { completeStep, initialSteps, openSteps, returnStep, type StepChange } from './flow.js';
import { validateForm } from './form-validation.js';
import { buildNotice, type NoticeKind } from './notices.js';
import * as repo from './repo.js';
import { actsAs, canRead, caseFacts, type ScopeContext } from './scope.js';
import {
  ACTIONS,
  type Actor,
  type CaseAction,
  type CaseStatus,
  STATUS_LABEL,
  TERMINAL,
  TRANSITIONS,
} from './state.js';

export interface CaseReference {
  facts: ObjectFacts;
  caseNo: string;
  applicantId: string;
  departmentCode: string | null;
  form: Record<string, unknown>;
  /** The `sharedFrom` sources of the item's materials (licence types and data resources). */
  drawsOn: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApplicantInfo {
  id: string;
  kind: 'person' | 'enterprise';
  name: string;
  phone: string | null;
  /** Real-name numbers the form's applicant fields are filled from (applicant-fields.ts). */
  idNumber?: string | null;
  uscc?: string | null;
  legalRepName?: string | null;
  legalRepIdNumber?: string | null;
}

export interface CaseDeps {
  db: Db;
  catalog: {
    implementation(
      itemCode: string,
      regionCode: string,
    ): Promise<
      | { doc: CatalogItem; version: number; departmentCode: string; departmentName: string }
      | 'no-item'
      | 'not-here'
    >;
    itemVersion(code: string, version: number): Promise<CatalogItem | undefined>;
    directory: { department(code: string): Promise<{ name: string } | undefined> };
  };
  identity: {
    applicant(id: string): Promise<ApplicantInfo | undefined>;
    names(ids: string[]): Promise<Map<string, string>>;
  };
  files: { getFile(id: string): Promise<{ owner_id: string } | undefined> };
  calendar: { today(): string; workingDays(): Promise<WorkingDays> };
  regions: { subtree(code: string): Promise<string[]> };
  /** 一件事: the bundle with its merged form (x-sources) and merged materials (sources). */
  bundles: {
    bundle(code: string): Promise<{
      code: string;
      name: string;
      servedObjects: string[];
      promisedDays: number;
      items: { code: string; name: string; version: number }[];
      form: Record<string, unknown>;
      materials: {
        id: string;
        name: string;
        required: boolean;
        sources: { itemCode: string; materialId: string }[];
      }[];
    }>;
  };
  /**
   * 减证便民: a material another department already holds for this applicant (a licence they hold or
   * a data resource that answers for them). `resolve` runs before the case exists; `recordUse` writes
   * the access records inside the case's creation transaction.
   */
  shared?: {
    resolve(applicant: ApplicantInfo, material: CatalogMaterial): Promise<{ source: string } | null>;
    recordUse(
      tx: Tx,
      use: {
        applicantId: string;
        caseId: string;
        caseNo: string;
        departmentCode: string;
        actorId: string;
        itemName: string;
        materials: { materialId: string; source: string }[];
      },
    ): Promise<void>;
  };
  /** 电子证照: issues the item's result licence inside the approval transaction. */
  licences?: {
    issueForCase(tx: Tx, c: LicenceRequest): Promise<{ licenceId: string; identifier: string }>;
  };
  /** 容缺: working days the applicant has to supply a deferred material (commonly 5). */
  deferredDays?: number;
}

export interface LicenceRequest {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  typeCode: string;
  departmentCode: string;
  regionCode: string;
  applicantId: string;
  applicantName: string;
  applicantKind: 'person' | 'enterprise';
  form: Record<string, unknown>;
  decidedAt: Date;
}

export type MaterialInput =
  | { materialId: string; fileId: string }
  | { materialId: string; commitment: true; commitmentText?: string }
  | { materialId: string; deferred: true };

export interface ApplyInput {
  itemCode: string;
  regionCode: string;
  form: Record<string, unknown>;
  materials: MaterialInput[];
  delivery: repo.Delivery;
  /** Window intake: the applicant the clerk applies for. */
  applicantId?: string;
}

export interface BundleApplyInput {
  bundleCode: string;
  regionCode: string;
  form: Record<string, unknown>;
  materials: MaterialInput[];
  delivery: repo.Delivery;
  applicantId?: string;
}

interface ItemPlan {
  errors: FieldError[];
  item: CatalogItem;
  version: number;
  departmentCode: string;
  applicant: ApplicantInfo;
  atWindow: boolean;
  regionCode: string;
  form: Record<string, unknown>;
  delivery: repo.Delivery;
  materials: Omit<repo.MaterialRow, 'updated_at' | 'case_id'>[];
  visits: number;
}

/** The columns every new case starts with; callers fill in who, what and where. */
function blankCase(): Omit<
  repo.NewCase,
  | 'id'
  | 'case_no'
  | 'region_code'
  | 'applicant_id'
  | 'applicant_kind'
  | 'applicant_name'
  | 'channel'
  | 'submitted_by'
  | 'form'
  | 'delivery'
> {
  return {
    parent_id: null,
    bundle_code: null,
    item_code: null,
    item_version: null,
    department_code: null,
    status: 'submitted',
    correction_from: null,
    correction_materials: [],
    promised_days: 0,
    accepted_at: null,
    due_date: null,
    paused_working_days: 0,
    paused_since: null,
    warning: 'none',
    visits: 0,
    decided_at: null,
    delivered_at: null,
    tracking_no: null,
    seq: 1,
  };
}

export interface ActionInput {
  action: CaseAction;
  comment?: string;
  stepId?: string;
  materials?: string[];
  trackingNo?: string;
}

const DELIVERY_NEEDS: Record<repo.Delivery['mode'], string> = {
  electronic: 'online',
  window: 'window',
  express: 'express',
};
const DELIVERY_LABEL: Record<repo.Delivery['mode'], string> = {
  electronic: '电子送达',
  window: '窗口领取',
  express: '快递送达',
};

const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Item documents of a bundle's implementations, for its applicant fields. */
function itemDocs(impls: Map<string, unknown>): Map<string, CatalogItem> {
  const out = new Map<string, CatalogItem>();
  for (const [code, impl] of impls)
    if (impl && typeof impl === 'object' && 'doc' in impl) out.set(code, (impl as { doc: CatalogItem }).doc);
  return out;
}

export function createCaseService(deps: CaseDeps) {
  const { db } = deps;
  const deferredDays = deps.deferredDays ?? 5;

  async function scopeOf(p: Principal): Promise<ScopeContext> {
    return {
      regionSubtree: p.kind === 'staff' && p.regionCode ? await deps.regions.subtree(p.regionCode) : [],
    };
  }

  async function loadReadable(p: Principal, id: string) {
    const c = await repo.findCase(db, id);
    // Someone else's case answers as if it did not exist.
    if (!c || !canRead(p, c, await scopeOf(p))) throw notFound('办件', id);
    return c;
  }

  /** `viewer`: the caller, whose allowed actions the view carries (a bundle's sub-cases pass none). */
  async function present(
    c: repo.CaseRow,
    opts: { events?: boolean; viewer?: Principal; children?: repo.CaseRow[] } = { events: true },
  ) {
    const cal = await deps.calendar.workingDays();
    const today = deps.calendar.today();
    const [materials, steps, events] = await Promise.all([
      repo.materials(db, c.id),
      repo.steps(db, c.id),
      opts.events ? repo.caseEvents(db, c.id) : Promise.resolve([]),
    ]);
    const clock = clockOf(c);
    const names = await deps.identity.names([
      ...new Set(events.map((e) => e.actor_id).filter((x): x is string => !!x)),
    ]);
    const item =
      c.item_code && c.item_version ? await deps.catalog.itemVersion(c.item_code, c.item_version) : undefined;
    const allowed = opts.viewer
      ? allowedActions(opts.viewer, c, await scopeOf(opts.viewer), {
          steps,
          materials,
          children: opts.children,
        })
      : [];
    return {
      id: c.id,
      caseNo: c.case_no,
      itemCode: c.item_code,
      itemVersion: c.item_version,
      bundleCode: c.bundle_code,
      itemName: item
        ? [item.name, item.subName].filter(Boolean).join('（') + (item.subName ? '）' : '')
        : null,
      regionCode: c.region_code,
      departmentCode: c.department_code,
      applicant: { id: c.applicant_id, name: c.applicant_name, kind: c.applicant_kind },
      channel: c.channel,
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      createdAt: c.created_at.toISOString(),
      acceptedAt: c.accepted_at?.toISOString() ?? null,
      promisedDays: c.promised_days,
      dueDate: dueDate(cal, clock, today),
      pausedWorkingDays: pausedDays(cal, clock, today),
      warning: warningOf(cal, clock, today),
      visits: c.visits,
      delivery: c.delivery,
      trackingNo: c.tracking_no,
      decidedAt: c.decided_at?.toISOString() ?? null,
      deliveredAt: c.delivered_at?.toISOString() ?? null,
      form: c.form,
      correction:
        c.status === 'correction' ? { materials: c.correction_materials, from: c.correction_from } : null,
      materials: materials.map((m) => ({
        materialId: m.material_id,
        name: m.name,
        required: m.required,
        status: m.status,
        // 告知承诺: staff see the exact words that were signed.
        commitmentText: m.commitment_text,
        fileId: m.file_id,
        sharedSource: m.shared_source,
        owedUntil: m.owed_until,
        overdue: m.overdue_at !== null,
      })),
      steps: steps.map((s) => ({
        id: s.step_id,
        name: s.name,
        role: s.role,
        parallelGroup: s.parallel_group,
        status: s.status,
        assignee: s.assignee,
        completedAt: s.completed_at?.toISOString() ?? null,
      })),
      events: events.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        actor: e.actor_id,
        actorName: e.actor_id ? (names.get(e.actor_id) ?? null) : '系统',
        comment: (e.payload.comment as string | undefined) ?? null,
        data: e.payload,
      })),
      allowedActions: allowed,
    };
  }

  function clockOf(c: repo.CaseRow) {
    return {
      status: c.status,
      acceptedDate: c.accepted_at ? shanghaiDate(c.accepted_at) : null,
      promisedDays: c.promised_days,
      pausedWorkingDays: c.paused_working_days,
      pausedSince: c.paused_since,
    };
  }

  async function checkMaterials(
    item: CatalogItem,
    inputs: MaterialInput[],
    applicant: ApplicantInfo,
    uploaders: string[],
  ): Promise<{ rows: Omit<repo.MaterialRow, 'updated_at' | 'case_id'>[]; errors: FieldError[] }> {
    const errors: FieldError[] = [];
    const byId = new Map(item.materials.map((m) => [m.id, m]));
    const given = new Map<string, MaterialInput>();
    // Every attached file is looked up at once, and once when several materials share a file.
    const fileIds = [...new Set(inputs.flatMap((m) => ('fileId' in m ? [m.fileId] : [])))];
    const files = new Map(
      await Promise.all(fileIds.map(async (fileId) => [fileId, await deps.files.getFile(fileId)] as const)),
    );
    for (const [i, m] of inputs.entries()) {
      const def = byId.get(m.materialId);
      if (!def) {
        errors.push({
          field: `materials.${i}.materialId`,
          message: `本事项没有编号为 ${m.materialId} 的材料`,
        });
        continue;
      }
      if (given.has(m.materialId)) {
        errors.push({ field: `materials.${i}.materialId`, message: `材料「${def.name}」重复提交` });
        continue;
      }
      if ('fileId' in m) {
        const f = files.get(m.fileId);
        if (!f || !uploaders.includes(f.owner_id)) {
          errors.push({ field: `materials.${i}.fileId`, message: '文件不存在或不属于申请人，请重新上传' });
          continue;
        }
      } else if ('commitment' in m && !def.allowCommitment) {
        errors.push({ field: `materials.${i}.commitment`, message: `材料「${def.name}」不适用告知承诺` });
        continue;
      } else if ('commitment' in m) {
        const tampered = checkCommitmentText(m.commitmentText, commitmentText(def.name, applicant.name), i);
        if (tampered) {
          errors.push(tampered);
          continue;
        }
      } else if ('deferred' in m && !def.allowDeferred) {
        errors.push({ field: `materials.${i}.deferred`, message: `材料「${def.name}」不适用容缺受理` });
        continue;
      }
      given.set(m.materialId, m);
    }
    const rows: Omit<repo.MaterialRow, 'updated_at' | 'case_id'>[] = [];
    const missing: string[] = [];
    for (const def of item.materials) {
      const m = given.get(def.id);
      const base = {
        material_id: def.id,
        name: def.name,
        required: def.required,
        file_id: null,
        commitment_text: null,
        shared_source: null,
        owed_until: null,
        supplied_at: null,
        overdue_at: null,
      };
      if (m && 'fileId' in m)
        rows.push({ ...base, status: 'provided', file_id: m.fileId, supplied_at: new Date() });
      else if (m && 'commitment' in m) {
        rows.push({
          ...base,
          status: 'commitment',
          commitment_text: commitmentText(def.name, applicant.name),
        });
      } else if (m && 'deferred' in m) rows.push({ ...base, status: 'deferred' });
      else {
        const shared = def.sharedFrom && deps.shared ? await deps.shared.resolve(applicant, def) : null;
        if (shared) rows.push({ ...base, status: 'shared', shared_source: shared.source });
        else {
          rows.push({ ...base, status: 'missing' });
          if (def.required) missing.push(def.name);
        }
      }
    }
    if (missing.length) errors.push({ field: 'materials', message: `缺少必需材料：${missing.join('、')}` });
    return { rows, errors };
  }

  async function actorIn(
    p: Principal,
    by: readonly Actor[],
    c: repo.CaseRow,
    ctx: ScopeContext,
  ): Promise<Actor | null> {
    for (const a of by) if (actsAs(p, a, c, ctx)) return a;
    return null;
  }

  async function resolveApplicant(p: Principal, input: { regionCode: string; applicantId?: string }) {
    const atWindow = p.kind === 'staff';
    if (atWindow) {
      if (!p.roles.includes('window')) throw forbidden('只有综合窗口工作人员可以代为申请');
      if (!input.applicantId)
        throw validationFailed([{ field: 'applicantId', message: '请选择或登记申请人' }]);
      const subtree = await deps.regions.subtree(p.regionCode ?? '');
      if (!subtree.includes(input.regionCode)) throw forbidden('该区划不在本窗口受理范围内');
    } else if (input.applicantId && input.applicantId !== p.id) {
      throw forbidden('不能替他人申请');
    }
    const applicant = await deps.identity.applicant(atWindow ? input.applicantId! : p.id);
    if (!applicant) throw validationFailed([{ field: 'applicantId', message: '申请人不存在' }]);
    return { applicant, atWindow };
  }

  /** Everything checked before anything is written: every problem is reported at once. */
  async function prepareItem(
    p: Principal,
    applicant: ApplicantInfo,
    atWindow: boolean,
    impl: { doc: CatalogItem; version: number; departmentCode: string },
    input: Omit<ApplyInput, 'applicantId'>,
  ): Promise<ItemPlan> {
    const item = impl.doc;
    const errors: FieldError[] = [];
    if (!item.servedObjects.includes(applicant.kind)) {
      errors.push({
        field: 'itemCode',
        message: applicant.kind === 'person' ? '该事项仅面向法人办理' : '该事项仅面向个人办理',
      });
    }
    if (!item.handlingModes.includes(DELIVERY_NEEDS[input.delivery.mode] as never)) {
      errors.push({ field: 'delivery.mode', message: `该事项不提供${DELIVERY_LABEL[input.delivery.mode]}` });
    }
    if (input.delivery.mode === 'express' && !input.delivery.address?.trim()) {
      errors.push({ field: 'delivery.address', message: '快递送达请填写收件地址' });
    }
    const form = withApplicantFields(item, applicant, input.form);
    errors.push(...validateForm(`${item.code}@${impl.version}`, item.form as Record<string, unknown>, form));
    const checked = await checkMaterials(
      item,
      input.materials,
      applicant,
      atWindow ? [applicant.id, p.id] : [applicant.id],
    );
    errors.push(...checked.errors);
    return {
      errors,
      item,
      version: impl.version,
      departmentCode: impl.departmentCode,
      applicant,
      atWindow,
      regionCode: input.regionCode,
      form,
      delivery: input.delivery,
      materials: checked.rows,
      // 最多跑一次: an application made at the window is one visit; online is none.
      visits: atWindow ? 1 : 0,
    };
  }

  async function insertItemCase(tx: Tx, p: Principal, plan: ItemPlan, parentId: string | null) {
    const id = randomUUID();
    const caseNo = await repo.insertCase(
      tx,
      {
        ...blankCase(),
        id,
        parent_id: parentId,
        item_code: plan.item.code,
        item_version: plan.version,
        region_code: plan.regionCode,
        department_code: plan.departmentCode,
        applicant_id: plan.applicant.id,
        applicant_kind: plan.applicant.kind,
        applicant_name: plan.applicant.name,
        channel: plan.atWindow ? 'window' : 'online',
        submitted_by: p.id,
        form: plan.form,
        delivery: plan.delivery,
        promised_days: plan.item.promisedDays,
        visits: plan.visits,
      },
      deps.calendar.today(),
    );
    await repo.insertMaterials(
      tx,
      plan.materials.map((r) => ({ ...r, case_id: id })),
    );
    const sharedUses = plan.materials
      .filter((r) => r.status === 'shared' && r.shared_source)
      .map((r) => ({ materialId: r.material_id, source: r.shared_source! }));
    if (sharedUses.length && deps.shared) {
      await deps.shared.recordUse(tx, {
        applicantId: plan.applicant.id,
        caseId: id,
        caseNo,
        departmentCode: plan.departmentCode,
        actorId: p.id,
        itemName: plan.item.name + (plan.item.subName ? `（${plan.item.subName}）` : ''),
        materials: sharedUses,
      });
    }
    await repo.insertSteps(tx, initialSteps(id, plan.item.flow.steps, new Date()));
    await appendEvent(tx, {
      aggregateType: 'case',
      aggregateId: id,
      type: 'submitted',
      actorId: p.id,
      regionCode: plan.regionCode,
      payload: {
        to: 'submitted',
        caseNo,
        parentId,
        itemCode: plan.item.code,
        itemVersion: plan.version,
        channel: plan.atWindow ? 'window' : 'online',
        applicantId: plan.applicant.id,
        departmentCode: plan.departmentCode,
        visits: plan.visits,
      },
    });
    return { id, caseNo };
  }

  /** A bundle's parent case follows its children: the applicant sees one status for the whole matter. */
  function parentStatusOf(children: CaseStatus[]): CaseStatus {
    if (children.includes('correction')) return 'correction';
    const done = (s: CaseStatus) => TERMINAL.includes(s) || s === 'approved';
    if (children.every(done)) {
      if (children.every((s) => s === 'withdrawn')) return 'withdrawn';
      if (children.every((s) => s === 'rejected' || s === 'withdrawn')) return 'rejected';
      if (children.some((s) => s === 'approved')) return 'approved';
      if (children.some((s) => s === 'delivered')) return 'delivered';
      return 'denied';
    }
    if (children.every((s) => s === 'submitted' || TERMINAL.includes(s))) return 'submitted';
    if (children.every((s) => s === 'submitted' || s === 'accepted' || TERMINAL.includes(s)))
      return 'accepted';
    return 'in_review';
  }

  /** Runs in the child's transaction, after the child's change (lock order: child, then parent). */
  async function syncParent(tx: Tx, parentId: string, cal: WorkingDays, today: string): Promise<void> {
    const parent = await repo.lockCase(tx, parentId);
    if (!parent) return;
    const children = await repo.childrenOf(tx, parentId);
    const to = parentStatusOf(children.map((k) => k.status));
    const accepted = children
      .map((k) => k.accepted_at)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    const patch: Partial<repo.NewCase> = {};
    // The bundle's promised limit runs from the first acceptance: the government has started working.
    if (!parent.accepted_at && accepted) {
      patch.accepted_at = accepted;
      patch.due_date = cal.addWorkingDays(shanghaiDate(accepted), parent.promised_days).date;
    }
    if (to === parent.status && !patch.accepted_at) return;
    patch.status = to;
    if ((to === 'approved' || to === 'denied' || to === 'rejected') && !parent.decided_at)
      patch.decided_at = new Date();
    if (to === 'delivered') patch.delivered_at = new Date();
    await repo.updateCase(tx, parentId, patch);
    await appendEvent(tx, {
      aggregateType: 'case',
      aggregateId: parentId,
      type: 'status',
      regionCode: parent.region_code,
      payload: {
        from: parent.status,
        to,
        acceptedAt: patch.accepted_at?.toISOString(),
        dueDate: patch.due_date,
        today,
      },
    });
  }

  /** On a bundle itself only the applicant's withdrawal and the one delivery of all results make sense. */
  async function actOnBundle(p: Principal, id: string, input: ActionInput, ctx: ScopeContext) {
    if (input.action !== 'withdraw' && input.action !== 'deliver') {
      throw conflict('bundle_case', '一件事由各部门在子办件上办理，请在子办件上操作');
    }
    const t = TRANSITIONS[input.action];
    const cal = await deps.calendar.workingDays();
    const today = deps.calendar.today();
    return transaction(db, async (tx) => {
      // Children first, then the parent: the same lock order as a child's own action.
      const children = [];
      for (const k of (await repo.childrenOf(tx, id)).sort((a, b) => a.id.localeCompare(b.id)))
        children.push((await repo.lockCase(tx, k.id))!);
      const parent = (await repo.lockCase(tx, id))!;
      // Outside the caller's reach: answered as if it did not exist (platform/authz, 404).
      if (!canRead(p, parent, ctx)) throw notFound('办件', id);
      if (!(await actorIn(p, t.by, parent, ctx))) throw forbidden(`当前账号不能对该办件「${t.label}」`);
      const now = new Date();
      const targets =
        input.action === 'withdraw'
          ? children.filter((k) => (TRANSITIONS.withdraw.from as readonly CaseStatus[]).includes(k.status))
          : children.filter((k) => k.status === 'approved');
      if (
        input.action === 'withdraw' &&
        (!targets.length || !(t.from as readonly CaseStatus[]).includes(parent.status))
      ) {
        throw conflict('case_state', `办件当前状态为「${STATUS_LABEL[parent.status]}」，不能${t.label}`);
      }
      if (input.action === 'deliver') {
        const open = children.filter((k) => !TERMINAL.includes(k.status) && k.status !== 'approved');
        if (open.length || !targets.length)
          throw conflict('case_state', '各部门尚未全部办结，或没有待送达的结果');
        if (parent.delivery.mode === 'express' && !input.trackingNo?.trim()) {
          throw validationFailed([{ field: 'trackingNo', message: '快递送达请填写运单号' }]);
        }
      }
      for (const k of targets) {
        const patch: Partial<repo.NewCase> = {
          status: input.action === 'withdraw' ? 'withdrawn' : 'delivered',
        };
        if (input.action === 'deliver') {
          patch.delivered_at = now;
          if (input.trackingNo) patch.tracking_no = input.trackingNo.trim();
          const steps = await repo.steps(tx, k.id);
          for (const st of openSteps(steps).filter((x) => x.role === 'window')) {
            for (const ch of completeStep(steps, st.step_id, p.id, now))
              await repo.updateStep(tx, k.id, ch.stepId, ch.patch);
          }
        }
        await repo.updateCase(tx, k.id, patch);
        await appendEvent(tx, {
          aggregateType: 'case',
          aggregateId: k.id,
          type: input.action,
          actorId: p.id,
          regionCode: k.region_code,
          payload: {
            from: k.status,
            to: patch.status,
            viaBundle: id,
            comment: input.comment,
            mode: k.delivery.mode,
          },
        });
      }
      // One delivery of all results is one visit to the window, not one per department.
      if (input.action === 'deliver' && parent.delivery.mode === 'window') {
        await repo.updateCase(tx, id, { visits: parent.visits + 1 });
      }
      await appendEvent(tx, {
        aggregateType: 'case',
        aggregateId: id,
        type: input.action,
        actorId: p.id,
        regionCode: parent.region_code,
        payload: {
          from: parent.status,
          comment: input.comment,
          children: targets.map((k) => k.id),
          ...(input.action === 'deliver' && parent.delivery.mode === 'window'
            ? { visits: parent.visits + 1 }
            : {}),
        },
      });
      await syncParent(tx, id, cal, today);
      const after = (await repo.findCase(tx, id))!;
      return {
        id,
        caseNo: parent.case_no,
        status: after.status,
        actor: input.action === 'withdraw' ? 'applicant' : 'window',
      };
    });
  }

  return {
    /**
     * The form fields the server fills from the real-name account (the applicant a clerk took in),
     * for the web app to show read-only; ID numbers masked.
     */
    async applicantFields(
      p: Principal,
      input: { itemCode?: string; bundleCode?: string; regionCode: string; applicantId?: string },
    ) {
      const { applicant } = await resolveApplicant(p, input);
      if (input.bundleCode) {
        const bundle = await deps.bundles.bundle(input.bundleCode).catch(() => undefined);
        if (!bundle) throw notFound('一件事', input.bundleCode);
        const impls = new Map<string, Awaited<ReturnType<CaseDeps['catalog']['implementation']>>>();
        for (const child of bundle.items)
          impls.set(child.code, await deps.catalog.implementation(child.code, input.regionCode));
        return {
          fields: applicantFieldView(
            mergedApplicantFields(bundle.form, itemDocs(impls), applicant.kind),
            applicant,
          ),
        };
      }
      const impl = await deps.catalog.implementation(input.itemCode ?? '', input.regionCode);
      if (typeof impl !== 'object') throw notFound('事项', input.itemCode ?? '');
      return { fields: applicantFieldView(applicantFieldsOf(impl.doc, applicant.kind), applicant) };
    },

    async apply(
      p: Principal,
      input: ApplyInput,
    ): Promise<{ id: string; caseNo: string; status: CaseStatus }> {
      const { applicant, atWindow } = await resolveApplicant(p, input);
      const impl = await deps.catalog.implementation(input.itemCode, input.regionCode);
      if (impl === 'no-item')
        throw validationFailed([{ field: 'itemCode', message: `事项 ${input.itemCode} 不存在` }]);
      if (impl === 'not-here') {
        throw validationFailed([{ field: 'regionCode', message: '该事项在所选区划未实施，请选择其他区划' }]);
      }
      const plan = await prepareItem(p, applicant, atWindow, impl, input);
      if (plan.errors.length) throw validationFailed(plan.errors);
      return transaction(db, async (tx) => {
        const created = await insertItemCase(tx, p, plan, null);
        return { ...created, status: 'submitted' as const };
      });
    },

    /**
     * 一件事一次办: one merged form and one material list fan out to one sub-case per item, each routed
     * to the implementing department of the region, all created in one transaction or none at all.
     */
    async applyBundle(p: Principal, input: BundleApplyInput) {
      const { applicant, atWindow } = await resolveApplicant(p, input);
      const bundle = await deps.bundles.bundle(input.bundleCode).catch(() => undefined);
      if (!bundle)
        throw validationFailed([{ field: 'bundleCode', message: `一件事 ${input.bundleCode} 不存在` }]);
      const errors: FieldError[] = [];
      if (!bundle.servedObjects.includes(applicant.kind)) {
        errors.push({
          field: 'bundleCode',
          message: applicant.kind === 'person' ? '该一件事仅面向法人办理' : '该一件事仅面向个人办理',
        });
      }
      // Items that do not serve this kind of applicant are not part of their matter (an enterprise opening
      // a restaurant does not register as a 个体工商户): they are left out, with their form fields.
      const impls = new Map<string, Awaited<ReturnType<CaseDeps['catalog']['implementation']>>>();
      for (const child of bundle.items)
        impls.set(child.code, await deps.catalog.implementation(child.code, input.regionCode));
      const applies = (code: string) => {
        const impl = impls.get(code);
        return typeof impl !== 'object' || impl.doc.servedObjects.includes(applicant.kind);
      };
      const children = bundle.items.filter((c) => applies(c.code));
      if (!children.length)
        errors.push({ field: 'bundleCode', message: '该一件事中没有适用于当前申请人的事项' });
      const sources = (bundle.form['x-sources'] ?? {}) as Record<string, { itemCode: string }[]>;
      const form = structuredClone(bundle.form) as {
        properties: Record<string, unknown>;
        required?: string[];
      };
      const values = withApplicantFieldsMerged(bundle.form, itemDocs(impls), applicant, input.form);
      for (const [key, from] of Object.entries(sources)) {
        if (from.some((f) => applies(f.itemCode))) continue;
        delete form.properties[key];
        delete values[key];
      }
      form.required = (form.required ?? []).filter((k) => k in form.properties);
      errors.push(
        ...validateForm(
          `bundle:${bundle.code}:${applicant.kind}:${bundle.items.map((x) => x.version).join('.')}`,
          form as Record<string, unknown>,
          values,
        ),
      );
      const merged = new Map(bundle.materials.map((m) => [m.id, m]));
      for (const [i, m] of input.materials.entries()) {
        if (!merged.has(m.materialId))
          errors.push({
            field: `materials.${i}.materialId`,
            message: `本一件事没有编号为 ${m.materialId} 的材料`,
          });
      }
      const forms = splitMergedForm(bundle.form as never, values);
      const plans: ItemPlan[] = [];
      const notHere: string[] = [];
      const missing = new Set<string>();
      for (const child of children) {
        const impl = impls.get(child.code)!;
        if (impl === 'no-item' || impl === 'not-here') {
          notHere.push(child.name);
          continue;
        }
        // The merged material list maps back to each item's own material ids.
        const materials: MaterialInput[] = [];
        for (const m of input.materials) {
          for (const src of merged.get(m.materialId)?.sources ?? []) {
            if (src.itemCode === child.code) materials.push({ ...m, materialId: src.materialId });
          }
        }
        // A delivery mode the item does not offer falls back to the window for that sub-case.
        const offers = impl.doc.handlingModes.includes(DELIVERY_NEEDS[input.delivery.mode] as never);
        const plan = await prepareItem(p, applicant, atWindow, impl, {
          ...input,
          itemCode: child.code,
          form: forms.get(child.code) ?? {},
          materials,
          delivery: offers ? input.delivery : { mode: 'window' },
        });
        for (const e of plan.errors) {
          if (e.field === 'materials')
            for (const name of e.message.replace(/^缺少必需材料：/, '').split('、')) missing.add(name);
          else if (e.field.startsWith('delivery')) errors.push(e);
          else if (e.field === 'itemCode')
            errors.push({ field: 'bundleCode', message: `${child.name}：${e.message}` });
          else if (!e.field.startsWith('form') && !e.field.startsWith('materials.')) errors.push(e);
        }
        plans.push(plan);
      }
      if (notHere.length)
        errors.push({ field: 'regionCode', message: `所选区划未实施：${notHere.join('、')}` });
      if (missing.size)
        errors.push({ field: 'materials', message: `缺少必需材料：${[...missing].join('、')}` });
      const unique = [...new Map(errors.map((e) => [`${e.field}|${e.message}`, e])).values()];
      if (unique.length) throw validationFailed(unique);

      const id = randomUUID();
      const today = deps.calendar.today();
      return transaction(db, async (tx) => {
        const caseNo = await repo.insertCase(
          tx,
          {
            ...blankCase(),
            id,
            bundle_code: bundle.code,
            region_code: input.regionCode,
            applicant_id: applicant.id,
            applicant_kind: applicant.kind,
            applicant_name: applicant.name,
            channel: atWindow ? 'window' : 'online',
            submitted_by: p.id,
            // As filed: the applicant's own fields from the account (applicant-fields.ts).
            form: values,
            delivery: input.delivery,
            promised_days: bundle.promisedDays,
            visits: atWindow ? 1 : 0,
          },
          today,
        );
        const children = [];
        for (const plan of plans) {
          const child = await insertItemCase(tx, p, { ...plan, visits: 0 }, id);
          children.push({ ...child, itemCode: plan.item.code, departmentCode: plan.departmentCode });
        }
        await appendEvent(tx, {
          aggregateType: 'case',
          aggregateId: id,
          type: 'submitted',
          actorId: p.id,
          regionCode: input.regionCode,
          payload: {
            to: 'submitted',
            caseNo,
            bundleCode: bundle.code,
            children: children.map((c) => c.id),
            visits: atWindow ? 1 : 0,
          },
        });
        return { id, caseNo, status: 'submitted' as const, children };
      });
    },

    async act(p: Principal, id: string, input: ActionInput) {
      const t = TRANSITIONS[input.action];
      // Reads through the pool happen before the transaction: on PGlite the transaction holds the only connection.
      const ctx = await scopeOf(p);
      const cal = await deps.calendar.workingDays();
      // The pinned item version (for the licence an approval issues) never changes: read it up front.
      const peek = await repo.findCase(db, id);
      if (peek?.bundle_code && !peek.item_code) return actOnBundle(p, id, input, ctx);
      const pinnedItem =
        peek?.item_code && peek.item_version
          ? await deps.catalog.itemVersion(peek.item_code, peek.item_version)
          : undefined;
      return transaction(db, async (tx) => {
        const c = await repo.lockCase(tx, id);
        if (!c) throw notFound('办件', id);
        // Outside the caller's reach: answered as if it did not exist (platform/authz, 404); a case it
        // may see but an action its role or scope may never take is 403, whatever the state.
        if (!canRead(p, c, ctx)) throw notFound('办件', id);
        const actor = await actorIn(p, t.by, c, ctx);
        if (!actor) throw forbidden(`当前账号不能对该办件「${t.label}」`);
        const steps = await repo.steps(tx, id);
        const step = input.stepId ? steps.find((s) => s.step_id === input.stepId) : undefined;
        if (input.action === 'complete-step' || input.action === 'return-step') {
          if (!input.stepId) throw validationFailed([{ field: 'stepId', message: '请指明环节' }]);
          if (!step) throw validationFailed([{ field: 'stepId', message: `办件没有环节 ${input.stepId}` }]);
          if (!p.roles.includes(step.role as never) || p.departmentCode !== c.department_code) {
            throw forbidden(`「${step.name}」环节不由当前账号办理`);
          }
        }
        if (!(t.from as readonly CaseStatus[]).includes(c.status)) {
          throw conflict('case_state', `办件当前状态为「${STATUS_LABEL[c.status]}」，不能${t.label}`);
        }
        if ('needsComment' in t && t.needsComment && !input.comment?.trim()) {
          throw validationFailed([{ field: 'comment', message: `${t.label}须写明理由` }]);
        }
        const today = deps.calendar.today();
        const now = new Date();
        const materials = await repo.materials(tx, id);
        const patch: Partial<repo.NewCase> = {};
        const payload: Record<string, unknown> = {
          from: c.status,
          comment: input.comment?.trim() || undefined,
        };
        let to: CaseStatus = (t as { to?: CaseStatus }).to ?? c.status;
        const stepChanges: StepChange[] = [];
        const extraEvents: { type: string; payload: Record<string, unknown> }[] = [];

        const acceptStep = steps.find((s) => s.status === 'open' && s.role === 'window');
        switch (input.action) {
          case 'accept':
          case 'accept-deferred': {
            const deferred = materials.filter((m) => m.status === 'deferred');
            const missing = materials.filter((m) => m.status === 'missing' && m.required);
            if (missing.length)
              throw conflict(
                'materials_missing',
                `尚缺必需材料：${missing.map((m) => m.name).join('、')}，请先要求补正`,
              );
            if (input.action === 'accept' && deferred.length) {
              throw conflict(
                'materials_deferred',
                `有容缺材料未提交（${deferred.map((m) => m.name).join('、')}），请使用容缺受理`,
              );
            }
            if (input.action === 'accept-deferred' && !deferred.length)
              throw conflict('no_deferred', '没有容缺材料，请直接受理');
            patch.accepted_at = now;
            patch.due_date = cal.addWorkingDays(today, c.promised_days).date;
            if (acceptStep) stepChanges.push(...completeStep(steps, acceptStep.step_id, p.id, now));
            if (input.action === 'accept-deferred') {
              const owedUntil = cal.addWorkingDays(today, deferredDays).date;
              for (const m of deferred)
                await repo.updateMaterial(tx, id, m.material_id, { owed_until: owedUntil });
              payload.owed = deferred.map((m) => m.material_id);
              payload.owedUntil = owedUntil;
            }
            payload.acceptedAt = now.toISOString();
            payload.dueDate = patch.due_date;
            break;
          }
          case 'reject':
            patch.decided_at = now;
            break;
          case 'request-correction': {
            const ids = [...new Set(input.materials ?? [])];
            if (!ids.length)
              throw validationFailed([
                { field: 'materials', message: '请列出需要补正的全部材料（一次性告知）' },
              ]);
            const errs = ids
              .map((m, i) =>
                materials.some((x) => x.material_id === m)
                  ? null
                  : { field: `materials.${i}`, message: `办件没有材料 ${m}` },
              )
              .filter((e): e is FieldError => e !== null);
            if (errs.length) throw validationFailed(errs);
            patch.correction_from = c.status;
            patch.correction_materials = ids;
            for (const m of ids)
              await repo.updateMaterial(tx, id, m, { status: 'missing', file_id: null, supplied_at: null });
            // After acceptance the applicant's correction time is not the agency's (Art. 45): stop the clock.
            if (c.accepted_at) patch.paused_since = today;
            payload.materials = ids;
            payload.pausedSince = patch.paused_since ?? null;
            break;
          }
          case 'resubmit': {
            const owed = materials.filter(
              (m) => c.correction_materials.includes(m.material_id) && m.status === 'missing',
            );
            if (owed.length)
              throw conflict(
                'materials_missing',
                `尚有补正材料未提交：${owed.map((m) => m.name).join('、')}`,
              );
            to = c.correction_from ?? 'submitted';
            patch.correction_from = null;
            patch.correction_materials = [];
            if (c.paused_since) {
              const paused = cal.workingDaysBetween(c.paused_since, today);
              patch.paused_working_days = c.paused_working_days + paused;
              patch.paused_since = null;
              patch.due_date = cal.addWorkingDays(
                shanghaiDate(c.accepted_at!),
                c.promised_days + patch.paused_working_days,
              ).date;
              payload.pausedDays = paused;
              payload.dueDate = patch.due_date;
            }
            break;
          }
          case 'complete-step': {
            if (step!.status !== 'open') throw conflict('step_state', `「${step!.name}」环节当前不可办理`);
            if (step!.role === 'approver')
              throw conflict('step_is_decision', '决定环节请使用「准予许可」或「不予许可」');
            stepChanges.push(...completeStep(steps, step!.step_id, p.id, now));
            payload.stepId = step!.step_id;
            break;
          }
          case 'return-step': {
            if (step!.status !== 'open') throw conflict('step_state', `「${step!.name}」环节当前不可退回`);
            const back = returnStep(steps, step!.step_id, now);
            const prev = back?.find((ch) => ch.patch.status === 'open');
            const prevStep = prev ? steps.find((s) => s.step_id === prev.stepId) : undefined;
            if (!back || !prevStep || prevStep.role === 'window')
              throw conflict('step_state', '已是第一个审查环节，不能再退回');
            stepChanges.push(...back);
            payload.stepId = step!.step_id;
            payload.toStep = prevStep.step_id;
            break;
          }
          case 'approve':
          case 'deny': {
            const decide = openSteps(steps).find((s) => s.role === 'approver');
            if (!decide) throw conflict('review_unfinished', '审查环节尚未完成，不能作出决定');
            if (input.action === 'approve') {
              const owed = materials.filter(
                (m) => m.status === 'deferred' || (m.status === 'missing' && m.required),
              );
              if (owed.length)
                throw conflict(
                  'materials_owed',
                  `容缺材料尚未补齐（${owed.map((m) => m.name).join('、')}），不能作出准予决定`,
                );
            }
            stepChanges.push(...completeStep(steps, decide.step_id, p.id, now));
            patch.decided_at = now;
            if (input.action === 'approve') {
              // 制证: the licence is issued in this transaction and the issue step completes with it.
              if (pinnedItem?.resultLicence && deps.licences) {
                const issued = await deps.licences.issueForCase(tx, {
                  caseId: c.id,
                  caseNo: c.case_no,
                  itemCode: pinnedItem.code,
                  itemName: pinnedItem.name + (pinnedItem.subName ? `（${pinnedItem.subName}）` : ''),
                  typeCode: pinnedItem.resultLicence,
                  departmentCode: c.department_code!,
                  regionCode: c.region_code,
                  applicantId: c.applicant_id,
                  applicantName: c.applicant_name,
                  applicantKind: c.applicant_kind as 'person' | 'enterprise',
                  form: c.form,
                  decidedAt: now,
                });
                payload.licenceId = issued.licenceId;
                payload.licenceIdentifier = issued.identifier;
              }
              let after = applyChanges(steps, stepChanges);
              for (const s of openSteps(after).filter((x) => x.role === 'issuer')) {
                const more = completeStep(after, s.step_id, p.id, now);
                stepChanges.push(...more);
                after = applyChanges(after, more);
              }
              if (c.delivery.mode === 'electronic') {
                for (const s of openSteps(after).filter((x) => x.role === 'window'))
                  stepChanges.push(...completeStep(after, s.step_id, p.id, now));
                extraEvents.push({
                  type: 'deliver',
                  payload: { from: 'approved', to: 'delivered', mode: 'electronic', automatic: true },
                });
                patch.delivered_at = now;
              }
            }
            break;
          }
          case 'deliver': {
            if (c.delivery.mode === 'express' && !input.trackingNo?.trim()) {
              throw validationFailed([{ field: 'trackingNo', message: '快递送达请填写运单号' }]);
            }
            for (const s of openSteps(steps).filter((x) => x.role === 'window'))
              stepChanges.push(...completeStep(steps, s.step_id, p.id, now));
            patch.delivered_at = now;
            if (c.delivery.mode === 'express') patch.tracking_no = input.trackingNo!.trim();
            // Collecting the result at a window is a visit; a parcel or a download is not.
            if (c.delivery.mode === 'window') patch.visits = c.visits + 1;
            payload.mode = c.delivery.mode;
            payload.trackingNo = patch.tracking_no;
            payload.visits = patch.visits;
            break;
          }
          case 'withdraw':
            break;
        }
        patch.status = extraEvents.some((e) => e.type === 'deliver') ? 'delivered' : to;
        payload.to = to;
        for (const ch of stepChanges) await repo.updateStep(tx, id, ch.stepId, ch.patch);
        await repo.updateCase(tx, id, patch);
        await appendEvent(tx, {
          aggregateType: 'case',
          aggregateId: id,
          type: input.action,
          actorId: p.id,
          regionCode: c.region_code,
          payload,
        });
        await record(tx, {
          action: `case.${input.action}`,
          object: `case:${id}`,
          detail: { caseNo: c.case_no, to: patch.status },
        });
        if (c.parent_id) await syncParent(tx, c.parent_id, cal, today);
        for (const e of extraEvents) {
          await appendEvent(tx, {
            aggregateType: 'case',
            aggregateId: id,
            type: e.type,
            actorId: null,
            regionCode: c.region_code,
            payload: e.payload,
          });
        }
        return { id, caseNo: c.case_no, status: patch.status as CaseStatus, actor };
      });
    },

    async supplyMaterial(p: Principal, id: string, input: { materialId: string; fileId: string }) {
      const ctx = await scopeOf(p);
      const f = await deps.files.getFile(input.fileId);
      await transaction(db, async (tx) => {
        const c = await repo.lockCase(tx, id);
        if (!c) throw notFound('办件', id);
        // Outside the caller's reach: answered as if it did not exist (platform/authz, 404); a case it
        // may see but an action its role or scope may never take is 403, whatever the state.
        if (!canRead(p, c, ctx)) throw notFound('办件', id);
        const actor = actsAs(p, 'applicant', c, ctx)
          ? 'applicant'
          : actsAs(p, 'window', c, ctx)
            ? 'window'
            : null;
        if (!actor) throw forbidden('只有申请人或综合窗口可以补交材料');
        const m = (await repo.materials(tx, id)).find((x) => x.material_id === input.materialId);
        if (!m)
          throw validationFailed([{ field: 'materialId', message: `办件没有材料 ${input.materialId}` }]);
        if (TERMINAL.includes(c.status))
          throw conflict('case_state', `办件已${STATUS_LABEL[c.status]}，不能再补交材料`);
        if (m.status !== 'missing' && m.status !== 'deferred')
          throw conflict('material_not_owed', `材料「${m.name}」无需补交`);
        if (!f || ![c.applicant_id, p.id].includes(f.owner_id)) {
          throw validationFailed([{ field: 'fileId', message: '文件不存在或不属于申请人，请重新上传' }]);
        }
        await repo.updateMaterial(tx, id, m.material_id, {
          status: 'provided',
          file_id: input.fileId,
          supplied_at: new Date(),
        });
        await repo.updateCase(tx, id, {});
        await appendEvent(tx, {
          aggregateType: 'case',
          aggregateId: id,
          type: 'material-supplied',
          actorId: p.id,
          regionCode: c.region_code,
          payload: { materialId: m.material_id, fileId: input.fileId, wasOwed: m.status === 'deferred' },
        });
      });
      return present((await repo.findCase(db, id))!, { events: true, viewer: p });
    },

    async get(p: Principal, id: string) {
      const c = await loadReadable(p, id);
      if (c.bundle_code) {
        const children = await repo.childrenOf(db, c.id);
        const view = await present(c, { events: true, viewer: p, children });
        return { ...view, children: await Promise.all(children.map((ch) => present(ch, { events: false }))) };
      }
      return present(c, { events: true, viewer: p });
    },

    /** 受理通知书 / 补正材料通知书 / 不予受理决定书 as a sealed PDF. */
    async notice(p: Principal, id: string, kind: NoticeKind): Promise<{ pdf: Buffer; fileName: string }> {
      const c = await loadReadable(p, id);
      const [events, materials, item, dept] = await Promise.all([
        repo.caseEvents(db, id),
        repo.materials(db, id),
        c.item_code && c.item_version ? deps.catalog.itemVersion(c.item_code, c.item_version) : undefined,
        c.department_code ? deps.catalog.directory.department(c.department_code) : undefined,
      ]);
      const notice = buildNotice(kind, c, events, materials, {
        itemName: item ? item.name + (item.subName ? `（${item.subName}）` : '') : (c.bundle_code ?? '申请'),
        departmentName: dept?.name ?? '政务服务中心',
      });
      return { pdf: await renderOfficialNotice(notice), fileName: `${notice.title}-${c.case_no}.pdf` };
    },

    async mine(p: Principal, f: { status?: CaseStatus; limit: number; offset: number }) {
      const r = await repo.listCases(db, {
        applicantId: p.id,
        statuses: f.status ? [f.status] : undefined,
        parentOnly: true,
        limit: f.limit,
        offset: f.offset,
        order: 'newest',
      });
      return { total: r.total, items: await Promise.all(r.items.map((c) => summary(c))) };
    },

    /** 待办: what this member of staff can act on now, soonest deadline first. */
    async tasks(
      p: Principal,
      f: {
        status?: CaseStatus;
        itemCode?: string;
        warning?: 'none' | 'yellow' | 'red';
        q?: string;
        limit: number;
        offset: number;
      },
    ) {
      const backOffice = p.roles.filter((r) => r !== 'window' && r !== 'admin' && r !== 'supervisor');
      const filters: Omit<repo.CaseListFilter, 'limit' | 'offset' | 'order'>[] = [];
      if (p.roles.includes('window') && p.regionCode) {
        filters.push({
          regionCodes: await deps.regions.subtree(p.regionCode),
          statuses: f.status ? [f.status] : ['submitted', 'approved'],
        });
      }
      if (backOffice.length && p.departmentCode) {
        filters.push({
          departmentCode: p.departmentCode,
          statuses: f.status ? [f.status] : ['accepted', 'in_review'],
          openStepRoles: backOffice,
        });
      }
      if (!filters.length) return { total: 0, counts: { none: 0, yellow: 0, red: 0 }, items: [] };
      // A clerk is rarely also a reviewer: one list per hat, merged by deadline.
      const results = await Promise.all(
        filters.map((base) =>
          repo.listCases(db, {
            ...base,
            itemCode: f.itemCode,
            warning: f.warning,
            q: f.q,
            limit: f.limit + f.offset,
            offset: 0,
            order: 'due',
          }),
        ),
      );
      const all = [...new Map(results.flatMap((r) => r.items).map((c) => [c.id, c])).values()].sort(
        (a, b) =>
          (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') ||
          a.created_at.getTime() - b.created_at.getTime(),
      );
      const counts = { none: 0, yellow: 0, red: 0 };
      for (const r of results)
        for (const k of ['none', 'yellow', 'red'] as const) counts[k] += r.byWarning[k];
      const page = all.slice(f.offset, f.offset + f.limit);
      const open = await repo.openStepsOf(
        db,
        page.map((c) => c.id),
      );
      return {
        total: f.warning ? counts[f.warning] : counts.none + counts.yellow + counts.red,
        counts,
        items: await Promise.all(
          page.map(async (c) => ({
            ...(await summary(c)),
            openSteps: open
              .filter((s) => s.case_id === c.id)
              .map((s) => ({ id: s.step_id, name: s.name, role: s.role })),
          })),
        ),
      };
    },

    /** The deadline sweep: refresh warnings of running cases and flag owed materials past their date. */
    async sweep(): Promise<{ checked: number; changed: number; overdueMaterials: number }> {
      const cal = await deps.calendar.workingDays();
      const today = deps.calendar.today();
      let after: string | null = null;
      let checked = 0;
      let changed = 0;
      for (;;) {
        const batch = await repo.sweepCandidates(db, after, 500);
        if (!batch.length) break;
        after = batch.at(-1)!.id;
        for (const c of batch) {
          checked++;
          const w = warningOf(cal, clockOf(c), today);
          if (w === c.warning) continue;
          // A case another action holds past lock_timeout is left for the next sweep (passBusy): one
          // stuck transaction must not stop the warnings of every case after it.
          await transaction(db, async (tx) => {
            const locked = await repo.lockCase(tx, c.id);
            if (!locked || locked.warning === w) return;
            const fresh = warningOf(cal, clockOf(locked), today);
            if (fresh === locked.warning) return;
            await repo.updateCase(tx, c.id, { warning: fresh });
            await appendEvent(tx, {
              aggregateType: 'case',
              aggregateId: c.id,
              type: `warning.${fresh}`,
              regionCode: c.region_code,
              payload: {
                from: locked.warning,
                warning: fresh,
                dueDate: dueDate(cal, clockOf(locked), today),
              },
            });
            changed++;
          }).catch(passBusy);
        }
      }
      const overdue = await repo.overdueOwedMaterials(db, today);
      for (const m of overdue) {
        await transaction(db, async (tx) => {
          await repo.updateMaterial(tx, m.case_id, m.material_id, { overdue_at: new Date() });
          await appendEvent(tx, {
            aggregateType: 'case',
            aggregateId: m.case_id,
            type: 'material.overdue',
            regionCode: m.region_code,
            payload: { materialId: m.material_id, name: m.name, owedUntil: m.owed_until },
          });
        });
      }
      return { checked, changed, overdueMaterials: overdue.length };
    },

    drafts: {
      async save(
        p: Principal,
        id: string | undefined,
        body: { itemCode?: string; regionCode?: string; data: Record<string, unknown> },
      ) {
        const draftId = id ?? randomUUID();
        if (id) {
          const d = await repo.draft(db, id);
          if (!d || d.applicant_id !== p.id) throw notFound('草稿', id);
        }
        await repo.saveDraft(db, {
          id: draftId,
          applicantId: p.id,
          itemCode: body.itemCode ?? null,
          bundleCode: null,
          regionCode: body.regionCode ?? null,
          body: body.data,
        });
        return { id: draftId };
      },
      async list(p: Principal) {
        return (await repo.drafts(db, p.id)).map((d) => ({
          id: d.id,
          itemCode: d.item_code,
          regionCode: d.region_code,
          data: d.body as Record<string, unknown>,
          updatedAt: (d.updated_at as Date).toISOString(),
        }));
      },
      async remove(p: Principal, id: string) {
        const d = await repo.draft(db, id);
        if (!d || d.applicant_id !== p.id) throw notFound('草稿', id);
        await repo.deleteDraft(db, id);
      },
    },

    actions: ACTIONS,
    /** 容缺: working days an applicant has to supply a deferred material (published by GET /api/meta). */
    deferredDays,

    /**
     * A case as other modules' authorization needs it (platform/authz facts), with what a data
     * lookup or a staff licence read checks against it: applicant, form, and the sources the item's
     * materials draw on (`sharedFrom`). Undefined for an unknown id.
     */
    async reference(id: string): Promise<CaseReference | undefined> {
      const c = UUID.test(id) ? await repo.findCase(db, id) : undefined;
      if (!c) return undefined;
      const item =
        c.item_code && c.item_version
          ? await deps.catalog.itemVersion(c.item_code, c.item_version)
          : undefined;
      return {
        facts: caseFacts(c),
        caseNo: c.case_no,
        applicantId: c.applicant_id,
        departmentCode: c.department_code,
        form: c.form,
        drawsOn: [
          ...new Set((item?.materials ?? []).map((m) => m.sharedFrom).filter((x): x is string => !!x)),
        ],
      };
    },

    /** The cases holding an uploaded file, as authorization facts (the files module's read rule). */
    async holdingFile(fileId: string): Promise<ObjectFacts[]> {
      if (!UUID.test(fileId)) return [];
      return (await repo.casesHoldingFile(db, fileId)).map(caseFacts);
    },
  };

  async function summary(c: repo.CaseRow) {
    const cal = await deps.calendar.workingDays();
    const today = deps.calendar.today();
    const item =
      c.item_code && c.item_version ? await deps.catalog.itemVersion(c.item_code, c.item_version) : undefined;
    return {
      id: c.id,
      caseNo: c.case_no,
      itemCode: c.item_code,
      itemName: item ? item.name + (item.subName ? `（${item.subName}）` : '') : c.bundle_code,
      bundleCode: c.bundle_code,
      regionCode: c.region_code,
      departmentCode: c.department_code,
      applicantName: c.applicant_name,
      channel: c.channel,
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      createdAt: c.created_at.toISOString(),
      acceptedAt: c.accepted_at?.toISOString() ?? null,
      dueDate: dueDate(cal, clockOf(c), today),
      warning: warningOf(cal, clockOf(c), today),
    };
  }
}

function applyChanges(steps: repo.StepRow[], changes: StepChange[]): repo.StepRow[] {
  return steps.map((s) => {
    const merged = { ...s };
    for (const c of changes) if (c.stepId === s.step_id) Object.assign(merged, c.patch);
    return merged;
  });
}

export type CaseService = ReturnType<typeof createCaseService>;
