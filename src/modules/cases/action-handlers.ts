import type { Tx } from '../../platform/db/database.js';
import { conflict, type FieldError, validationFailed } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/access.js';
import type { CatalogItem } from '../catalog/catalog-format.js';
import type { WorkingDays } from './deadline.js';
import { completeStep, openSteps, returnStep, type StepChange } from './flow.js';
import * as repo from './repo.js';
import type { CaseAction, CaseStatus } from './state.js';
import { type ActionInput, type CaseDeps, shanghaiDate } from './types.js';

/** What a handler sees: the locked case, its steps and materials, and the one clock of the action. */
export interface ActionContext {
  tx: Tx;
  p: Principal;
  c: repo.CaseRow;
  input: ActionInput;
  steps: repo.StepRow[];
  /** The step named by `input.stepId`, checked to exist and to be the caller's for step actions. */
  step: repo.StepRow | undefined;
  materials: repo.MaterialRow[];
  cal: WorkingDays;
  today: string;
  now: Date;
  /** The pinned item version, for the licence an approval issues. */
  pinnedItem: CatalogItem | undefined;
  deferredDays: number;
  licences: CaseDeps['licences'];
}

/** What a handler changes; the runner (actions.ts) writes it once, the same way for every action. */
export interface ActionOutcome {
  patch?: Partial<repo.NewCase>;
  payload?: Record<string, unknown>;
  steps?: StepChange[];
  /** Events that follow the action's own (an electronic delivery right after approval). */
  events?: { type: string; payload: Record<string, unknown> }[];
  /** The state to move to when it is not the transition's fixed `to` (resubmit returns to where it was). */
  to?: CaseStatus;
}

type Handler = (h: ActionContext) => Promise<ActionOutcome>;

async function accept(h: ActionContext): Promise<ActionOutcome> {
  const { tx, p, c, input, steps, materials, cal, today, now } = h;
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
  const patch: Partial<repo.NewCase> = {};
  const payload: Record<string, unknown> = {};
  const stepChanges: StepChange[] = [];
  patch.accepted_at = now;
  patch.due_date = cal.addWorkingDays(today, c.promised_days).date;
  const acceptStep = steps.find((s) => s.status === 'open' && s.role === 'window');
  if (acceptStep) stepChanges.push(...completeStep(steps, acceptStep.step_id, p.id, now));
  if (input.action === 'accept-deferred') {
    const owedUntil = cal.addWorkingDays(today, h.deferredDays).date;
    for (const m of deferred) await repo.updateMaterial(tx, c.id, m.material_id, { owed_until: owedUntil });
    payload.owed = deferred.map((m) => m.material_id);
    payload.owedUntil = owedUntil;
  }
  payload.acceptedAt = now.toISOString();
  payload.dueDate = patch.due_date;
  return { patch, payload, steps: stepChanges };
}

async function reject(h: ActionContext): Promise<ActionOutcome> {
  return { patch: { decided_at: h.now } };
}

async function requestCorrection(h: ActionContext): Promise<ActionOutcome> {
  const { tx, c, input, materials, today } = h;
  const ids = [...new Set(input.materials ?? [])];
  if (!ids.length)
    throw validationFailed([{ field: 'materials', message: '请列出需要补正的全部材料（一次性告知）' }]);
  const errs = ids
    .map((m, i) =>
      materials.some((x) => x.material_id === m)
        ? null
        : { field: `materials.${i}`, message: `办件没有材料 ${m}` },
    )
    .filter((e): e is FieldError => e !== null);
  if (errs.length) throw validationFailed(errs);
  const patch: Partial<repo.NewCase> = { correction_from: c.status, correction_materials: ids };
  for (const m of ids)
    await repo.updateMaterial(tx, c.id, m, { status: 'missing', file_id: null, supplied_at: null });
  // After acceptance the applicant's correction time is not the agency's (Art. 45): stop the clock.
  if (c.accepted_at) patch.paused_since = today;
  return { patch, payload: { materials: ids, pausedSince: patch.paused_since ?? null } };
}

async function resubmit(h: ActionContext): Promise<ActionOutcome> {
  const { c, materials, cal, today } = h;
  const owed = materials.filter(
    (m) => c.correction_materials.includes(m.material_id) && m.status === 'missing',
  );
  if (owed.length)
    throw conflict('materials_missing', `尚有补正材料未提交：${owed.map((m) => m.name).join('、')}`);
  const patch: Partial<repo.NewCase> = { correction_from: null, correction_materials: [] };
  const payload: Record<string, unknown> = {};
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
  return { patch, payload, to: c.correction_from ?? 'submitted' };
}

async function completeStepAction(h: ActionContext): Promise<ActionOutcome> {
  const { p, steps, step, now } = h;
  if (step!.status !== 'open') throw conflict('step_state', `「${step!.name}」环节当前不可办理`);
  if (step!.role === 'approver')
    throw conflict('step_is_decision', '决定环节请使用「准予许可」或「不予许可」');
  return { steps: completeStep(steps, step!.step_id, p.id, now), payload: { stepId: step!.step_id } };
}

async function returnStepAction(h: ActionContext): Promise<ActionOutcome> {
  const { steps, step, now } = h;
  if (step!.status !== 'open') throw conflict('step_state', `「${step!.name}」环节当前不可退回`);
  const back = returnStep(steps, step!.step_id, now);
  const prev = back?.find((ch) => ch.patch.status === 'open');
  const prevStep = prev ? steps.find((s) => s.step_id === prev.stepId) : undefined;
  if (!back || !prevStep || prevStep.role === 'window')
    throw conflict('step_state', '已是第一个审查环节，不能再退回');
  return { steps: back, payload: { stepId: step!.step_id, toStep: prevStep.step_id } };
}

async function decide(h: ActionContext): Promise<ActionOutcome> {
  const { tx, p, c, input, steps, materials, now, pinnedItem } = h;
  const decideStep = openSteps(steps).find((s) => s.role === 'approver');
  if (!decideStep) throw conflict('review_unfinished', '审查环节尚未完成，不能作出决定');
  if (input.action === 'approve') {
    const owed = materials.filter((m) => m.status === 'deferred' || (m.status === 'missing' && m.required));
    if (owed.length)
      throw conflict(
        'materials_owed',
        `容缺材料尚未补齐（${owed.map((m) => m.name).join('、')}），不能作出准予决定`,
      );
  }
  const stepChanges: StepChange[] = [...completeStep(steps, decideStep.step_id, p.id, now)];
  const patch: Partial<repo.NewCase> = { decided_at: now };
  const payload: Record<string, unknown> = {};
  const events: NonNullable<ActionOutcome['events']> = [];
  if (input.action === 'approve') {
    // 制证: the licence is issued in this transaction and the issue step completes with it.
    if (pinnedItem?.resultLicence && h.licences) {
      const issued = await h.licences.issueForCase(tx, {
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
      events.push({
        type: 'deliver',
        payload: { from: 'approved', to: 'delivered', mode: 'electronic', automatic: true },
      });
      patch.delivered_at = now;
    }
  }
  return { patch, payload, steps: stepChanges, events };
}

async function deliver(h: ActionContext): Promise<ActionOutcome> {
  const { p, c, input, steps, now } = h;
  if (c.delivery.mode === 'express' && !input.trackingNo?.trim()) {
    throw validationFailed([{ field: 'trackingNo', message: '快递送达请填写运单号' }]);
  }
  const stepChanges: StepChange[] = [];
  for (const s of openSteps(steps).filter((x) => x.role === 'window'))
    stepChanges.push(...completeStep(steps, s.step_id, p.id, now));
  const patch: Partial<repo.NewCase> = { delivered_at: now };
  if (c.delivery.mode === 'express') patch.tracking_no = input.trackingNo!.trim();
  // Collecting the result at a window is a visit; a parcel or a download is not.
  if (c.delivery.mode === 'window') patch.visits = c.visits + 1;
  return {
    patch,
    steps: stepChanges,
    payload: { mode: c.delivery.mode, trackingNo: patch.tracking_no, visits: patch.visits },
  };
}

async function withdraw(): Promise<ActionOutcome> {
  return {};
}

/** One handler per case action: the checks and changes particular to it (the shared ones are in actions.ts). */
export const HANDLERS: Record<CaseAction, Handler> = {
  accept,
  'accept-deferred': accept,
  reject,
  'request-correction': requestCorrection,
  resubmit,
  'complete-step': completeStepAction,
  'return-step': returnStepAction,
  approve: decide,
  deny: decide,
  deliver,
  withdraw,
};

function applyChanges(steps: repo.StepRow[], changes: StepChange[]): repo.StepRow[] {
  return steps.map((s) => {
    const merged = { ...s };
    for (const c of changes) if (c.stepId === s.step_id) Object.assign(merged, c.patch);
    return merged;
  });
}
