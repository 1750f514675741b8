import type { Principal, Role } from '../../platform/http/access.js';
import type { CaseRow } from './repo.js';
import type { Actor } from './state.js';

export interface ScopeContext {
  /** Region codes in the principal's subtree (their region and every region below). */
  regionSubtree: string[];
}

/**
 * Can this principal act as `actor` on this case? The applicant acts on their own cases; a window
 * clerk on any case of their region subtree (无差别全科受理); back-office roles on their department's.
 */
export function actsAs(p: Principal, actor: Actor, c: CaseRow, ctx: ScopeContext): boolean {
  if (actor === 'applicant') return p.kind !== 'staff' && c.applicant_id === p.id;
  if (p.kind !== 'staff' || !p.roles.includes(actor as Role)) return false;
  if (actor === 'window') return ctx.regionSubtree.includes(c.region_code);
  return p.departmentCode !== null && p.departmentCode === c.department_code;
}

/** Who may read a case: its applicant, staff who may act on it, and supervisors/admins of the region. */
export function canRead(p: Principal, c: CaseRow, ctx: ScopeContext): boolean {
  if (p.kind !== 'staff') return c.applicant_id === p.id;
  if (p.roles.includes('window') && ctx.regionSubtree.includes(c.region_code)) return true;
  if (p.departmentCode && p.departmentCode === c.department_code) return true;
  if (
    (p.roles.includes('supervisor') || p.roles.includes('admin')) &&
    ctx.regionSubtree.includes(c.region_code)
  )
    return true;
  return false;
}
