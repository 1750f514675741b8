import type { ErrorCode } from '../errors.js';
import { type Authorizer, type Qualification, ruleAuthorizer } from './authorize.js';
import type { Workflow } from './define.js';
import type { ScopeContext } from './scope.js';
import type { ActionDef, WorkflowObject, WorkflowPrincipal } from './types.js';

export type Verdict<D = unknown> =
  | { ok: true; action: ActionDef<D, Record<string, unknown>>; qualification: Qualification }
  | {
      ok: false;
      reason: 'unknown' | 'forbidden' | 'state' | 'precondition';
      detail: string;
      code?: ErrorCode;
    };

/**
 * The one guard: the executor refuses with it and `allowedActions` lists with it, so what a view
 * offers is exactly what the server accepts. Order is the contract's: role and scope first (403
 * whatever the state), then the state (409).
 */
export function evaluate<D>(
  wf: Workflow<D>,
  p: WorkflowPrincipal,
  o: WorkflowObject<D>,
  name: string,
  ctx: ScopeContext,
  authorizer: Authorizer = ruleAuthorizer,
): Verdict<D> {
  const action = Object.hasOwn(wf.actions, name) ? wf.actions[name] : undefined;
  if (!action) return { ok: false, reason: 'unknown', detail: `没有「${name}」这项操作` };
  const q = authorizer.qualify(p, action.by, o as WorkflowObject<unknown>, ctx);
  if (!q) return { ok: false, reason: 'forbidden', detail: `当前账号不能对该${wf.noun}「${action.label}」` };
  if (!action.from.includes(o.state)) {
    const label = wf.states[o.state]?.label ?? o.state;
    return {
      ok: false,
      reason: 'state',
      detail: `${wf.noun}当前状态为「${label}」，不能「${action.label}」`,
    };
  }
  const pre = action.when?.(o);
  if (pre)
    return typeof pre === 'string'
      ? { ok: false, reason: 'precondition', detail: pre }
      : { ok: false, reason: 'precondition', detail: pre.detail, code: pre.code };
  return { ok: true, action, qualification: q };
}

export interface AllowedAction {
  name: string;
  label: string;
  needsComment: boolean;
  fields: { name: string; label: string; required: boolean }[];
}

/** The actions this principal may take on this object now, for the object's view. */
export function allowedActions<D>(
  wf: Workflow<D>,
  p: WorkflowPrincipal,
  o: WorkflowObject<D>,
  ctx: ScopeContext,
  authorizer: Authorizer = ruleAuthorizer,
): AllowedAction[] {
  const out: AllowedAction[] = [];
  for (const [name, a] of Object.entries(wf.actions)) {
    if (a.by.every((r) => 'system' in r)) continue;
    if (!evaluate(wf, p, o, name, ctx, authorizer).ok) continue;
    out.push({
      name,
      label: a.label,
      needsComment: !!a.needsComment,
      fields: Object.entries(a.fields ?? {}).map(([field, f]) => ({
        name: field,
        label: f.label,
        required: f.required ?? true,
      })),
    });
  }
  return out;
}
