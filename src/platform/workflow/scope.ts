import { type Condition, department, type Reach, regionSubtree } from '../authz/model.js';
import type { Principal } from '../principal.js';
import type { ScopeRule, WorkflowObject, WorkflowPrincipal } from './types.js';

/** What is resolved about a principal before the transaction (on PGlite the transaction holds the only connection). */
export interface ScopeContext {
  /** Region codes in the principal's subtree: their region and every region below. */
  regionSubtree: readonly string[];
}

export const EMPTY_SCOPE: ScopeContext = { regionSubtree: [] };

type Scoped = Pick<WorkflowObject<unknown>, 'regionCode' | 'departmentCode' | 'parties'>;

/**
 * A workflow's scope rules are the platform authorization layer's own conditions (platform/authz),
 * evaluated on the object's facts: the kernel holds no second copy of what "in my region" or "my
 * department" means.
 */
const SCOPE_CONDITIONS: Record<ScopeRule, Condition> = { region: regionSubtree, department };

function decideScope(rule: ScopeRule, p: WorkflowPrincipal, o: Scoped, ctx: ScopeContext): boolean {
  if (p.kind !== 'staff') return false;
  const reach: Reach = {
    principal: { ...p, username: p.id, name: '', roles: [...p.roles] } as Principal,
    subtree: new Set(ctx.regionSubtree),
  };
  return SCOPE_CONDITIONS[rule].test(reach, {
    kind: 'ticket',
    id: '',
    regionCode: o.regionCode,
    departmentCode: o.departmentCode,
  });
}

export const scopePredicates: Record<
  ScopeRule,
  (p: WorkflowPrincipal, o: Scoped, ctx: ScopeContext) => boolean
> = {
  region: (p, o, ctx) => decideScope('region', p, o, ctx),
  department: (p, o, ctx) => decideScope('department', p, o, ctx),
};

/** The principal is the object's party by this name (the applicant of a case, the caller of a ticket). */
export function isParty(p: WorkflowPrincipal, o: Scoped, relation: string): boolean {
  return p.kind !== 'staff' && p.kind !== 'system' && !!o.parties[relation] && o.parties[relation] === p.id;
}
