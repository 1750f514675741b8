import type { ScopeRule, WorkflowObject, WorkflowPrincipal } from './types.js';

/** What is resolved about a principal before the transaction (on PGlite the transaction holds the only connection). */
export interface ScopeContext {
  /** Region codes in the principal's subtree: their region and every region below. */
  regionSubtree: readonly string[];
}

export const EMPTY_SCOPE: ScopeContext = { regionSubtree: [] };

type Scoped = Pick<WorkflowObject<unknown>, 'regionCode' | 'departmentCode' | 'parties'>;

export const scopePredicates: Record<
  ScopeRule,
  (p: WorkflowPrincipal, o: Scoped, ctx: ScopeContext) => boolean
> = {
  region: (_p, o, ctx) => ctx.regionSubtree.includes(o.regionCode),
  department: (p, o) =>
    p.departmentCode !== null && o.departmentCode !== null && p.departmentCode === o.departmentCode,
};

/** The principal is the object's party by this name (the applicant of a case, the caller of a ticket). */
export function isParty(p: WorkflowPrincipal, o: Scoped, relation: string): boolean {
  return p.kind !== 'staff' && p.kind !== 'system' && !!o.parties[relation] && o.parties[relation] === p.id;
}
