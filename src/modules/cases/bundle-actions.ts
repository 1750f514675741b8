import type { Tx } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import type { WorkingDays } from './deadline.js';
import { completeStep, openSteps } from './flow.js';
import type { Kit } from './kit.js';
import * as repo from './repo.js';
import { canRead, type ScopeContext } from './scope.js';
import { type CaseStatus, STATUS_LABEL, TERMINAL, TRANSITIONS } from './state.js';
import { type ActionInput, shanghaiDate } from './types.js';

/** 一件事: the parent case's status, and the actions taken on the bundle itself. */
export function createBundleActions(kit: Kit) {
  const { db, deps, actorIn } = kit;

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

  return { parentStatusOf, syncParent, actOnBundle };
}

export type BundleActions = ReturnType<typeof createBundleActions>;
