import {
  actorCondition,
  CASE,
  type ObjectFacts,
  type Reach,
  type WorkflowAuthz,
} from '../../platform/authz/index.js';
import type { Principal } from '../../platform/http/access.js';
import type { CaseRow } from './repo.js';
import { type Actor, TRANSITIONS } from './state.js';

/**
 * The case engine's side of the one authorization model (platform/authz): how a case is described
 * to it, and the case workflow's actions with who may take them. The rules themselves live there.
 */

export interface ScopeContext {
  /** Region codes in the principal's subtree (their region and every region below). */
  regionSubtree: string[];
}

/** The workflow definition the authorization layer and the access matrix read. */
export const CASE_WORKFLOW: WorkflowAuthz = {
  name: 'case',
  kind: 'case',
  read: CASE.read.see,
  actions: TRANSITIONS,
};

export function caseFacts(
  c: Pick<CaseRow, 'id' | 'region_code' | 'department_code' | 'applicant_id'>,
): ObjectFacts {
  return {
    kind: 'case',
    id: c.id,
    regionCode: c.region_code,
    departmentCode: c.department_code,
    applicantId: c.applicant_id,
  };
}

const reachOf = (p: Principal, ctx: ScopeContext): Reach => ({
  principal: p,
  subtree: new Set(ctx.regionSubtree),
});

/**
 * Can this principal act as `actor` on this case? The applicant acts on their own cases; a window
 * clerk on any case of their region subtree (无差别全科受理); back-office roles on their department's.
 */
export function actsAs(p: Principal, actor: Actor, c: CaseRow, ctx: ScopeContext): boolean {
  return actorCondition(CASE_WORKFLOW, actor).test(reachOf(p, ctx), caseFacts(c));
}

/** Who may read a case (CASE.read): anyone else is answered as if it did not exist. */
export function canRead(p: Principal, c: CaseRow, ctx: ScopeContext): boolean {
  return CASE.read.see.test(reachOf(p, ctx), caseFacts(c));
}
