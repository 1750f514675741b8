import type { Principal } from '../../platform/http/access.js';
import { groupsOf, openSteps } from './flow.js';
import type { CaseRow, MaterialRow, StepRow } from './repo.js';
import { actsAs, type ScopeContext } from './scope.js';
import { type CaseAction, type CaseStatus, TERMINAL, TRANSITIONS } from './state.js';

/** A body field an action needs besides `action` itself. */
export type ActionField = 'comment' | 'stepId' | 'materials' | 'trackingNo';

export interface AllowedAction {
  action: CaseAction;
  label: string;
  /** Fields the request must carry (a refusal's reason, the step, the materials to correct, a waybill). */
  requires: ActionField[];
  /** Step actions: the open steps this caller handles. */
  stepIds?: string[];
  /**
   * Why the action, allowed to this caller in this state, would still be refused now (materials owed).
   * Shown beside a disabled button, so that the clerk knows what to do first.
   */
  blockedBy: string | null;
}

/**
 * The actions the caller may take on the case now — the same role, scope and state rules the
 * service enforces (TRANSITIONS + scope.ts), so no client derives them. The workflow kernel will
 * supply this for every workflow; until then it lives here, beside the case rules it reads.
 */
export function allowedActions(
  p: Principal,
  c: CaseRow,
  ctx: ScopeContext,
  detail: { steps: StepRow[]; materials: MaterialRow[]; children?: CaseRow[] },
): AllowedAction[] {
  const out: AllowedAction[] = [];
  const may = (a: CaseAction) => {
    const t = TRANSITIONS[a];
    return (
      (t.from as readonly CaseStatus[]).includes(c.status) && t.by.some((actor) => actsAs(p, actor, c, ctx))
    );
  };
  const push = (a: CaseAction, extra: Partial<AllowedAction> = {}) => {
    const t = TRANSITIONS[a];
    const requires: ActionField[] = 'needsComment' in t && t.needsComment ? ['comment'] : [];
    out.push({
      action: a,
      label: t.label,
      blockedBy: null,
      ...extra,
      requires: [...requires, ...(extra.requires ?? [])],
    });
  };

  // 一件事: the parent is withdrawn or delivered as a whole; the rest happens on its sub-cases.
  if (c.bundle_code && !c.item_code) {
    const kids = detail.children ?? [];
    const withdrawable = TRANSITIONS.withdraw.from as readonly CaseStatus[];
    if (may('withdraw') && kids.some((k) => withdrawable.includes(k.status))) push('withdraw');
    if (actsAs(p, 'window', c, ctx) && kids.some((k) => k.status === 'approved')) {
      const open = kids.some((k) => !TERMINAL.includes(k.status) && k.status !== 'approved');
      push('deliver', {
        requires: c.delivery.mode === 'express' ? ['trackingNo'] : [],
        blockedBy: open ? '各部门尚未全部办结' : null,
      });
    }
    return out;
  }

  const { steps, materials } = detail;
  const missing = materials.filter((m) => m.status === 'missing' && m.required);
  const deferred = materials.filter((m) => m.status === 'deferred');
  const names = (ms: MaterialRow[]) => ms.map((m) => m.name).join('、');
  const mine = openSteps(steps).filter(
    (s) =>
      s.role !== 'window' &&
      p.kind === 'staff' &&
      p.roles.includes(s.role as never) &&
      p.departmentCode !== null &&
      p.departmentCode === c.department_code,
  );

  if (may('accept') || may('accept-deferred')) {
    const blockedBy = missing.length ? `尚缺必需材料：${names(missing)}，请先要求补正` : null;
    // Exactly one of the two applies: 容缺受理 while a material is owed, 受理 otherwise.
    push(deferred.length ? 'accept-deferred' : 'accept', { blockedBy });
  }
  if (may('reject')) push('reject');
  if (may('request-correction')) push('request-correction', { requires: ['materials'] });
  if (may('resubmit')) {
    const owed = materials.filter(
      (m) => c.correction_materials.includes(m.material_id) && m.status === 'missing',
    );
    push('resubmit', { blockedBy: owed.length ? `尚有补正材料未提交：${names(owed)}` : null });
  }
  if (may('complete-step')) {
    const ids = mine.filter((s) => s.role !== 'approver').map((s) => s.step_id);
    if (ids.length) push('complete-step', { requires: ['stepId'], stepIds: ids });
  }
  if (may('return-step')) {
    const groups = groupsOf(steps);
    const ids = mine
      .filter((s) => {
        const idx = groups.findIndex((g) => g.some((x) => x.step_id === s.step_id));
        return idx > 0 && groups[idx - 1]!.every((x) => x.role !== 'window');
      })
      .map((s) => s.step_id);
    if (ids.length) push('return-step', { requires: ['stepId'], stepIds: ids });
  }
  const decide = mine.find((s) => s.role === 'approver');
  if (decide && may('approve')) {
    const owed = materials.filter((m) => m.status === 'deferred' || (m.status === 'missing' && m.required));
    push('approve', {
      stepIds: [decide.step_id],
      blockedBy: owed.length ? `容缺材料尚未补齐（${names(owed)}），不能作出准予决定` : null,
    });
  }
  if (decide && may('deny')) push('deny', { stepIds: [decide.step_id] });
  if (may('deliver')) push('deliver', { requires: c.delivery.mode === 'express' ? ['trackingNo'] : [] });
  if (may('withdraw')) push('withdraw');
  return out;
}
