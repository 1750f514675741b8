import { record } from '../../platform/audit/index.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import { HANDLERS } from './action-handlers.js';
import type { BundleActions } from './bundle-actions.js';
import type { StepChange } from './flow.js';
import type { Kit } from './kit.js';
import * as repo from './repo.js';
import { canRead } from './scope.js';
import { type CaseStatus, STATUS_LABEL, TRANSITIONS } from './state.js';
import type { ActionInput } from './types.js';

/**
 * A case action, run the same way for every action: lock, 404/403 on reach and role, 409 on state,
 * the action's handler (action-handlers.ts), then its changes, event, audit row and the parent's status.
 */
export function createActions(kit: Kit, { actOnBundle, syncParent }: BundleActions) {
  const { db, deps, deferredDays, scopeOf, actorIn } = kit;

  return {
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
        const outcome = await HANDLERS[input.action]({
          tx,
          p,
          c,
          input,
          steps,
          step,
          materials,
          cal,
          today,
          now,
          pinnedItem,
          deferredDays,
          licences: deps.licences,
        });
        const patch: Partial<repo.NewCase> = { ...outcome.patch };
        const to: CaseStatus = outcome.to ?? (t as { to?: CaseStatus }).to ?? c.status;
        const payload: Record<string, unknown> = {
          from: c.status,
          comment: input.comment?.trim() || undefined,
          ...outcome.payload,
          to,
        };
        const stepChanges: StepChange[] = outcome.steps ?? [];
        const extraEvents = outcome.events ?? [];
        patch.status = extraEvents.some((e) => e.type === 'deliver') ? 'delivered' : to;
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
  };
}
