import { isParty, type ScopeContext, scopePredicates } from './scope.js';
import type { ActorRule, WorkflowObject, WorkflowPrincipal } from './types.js';

/** The rule that qualified a principal, for the audit entry ("handler@department", "caller"). */
export type Qualification = { rule: ActorRule; as: string };

/**
 * The seam to the platform's authorization layer: the executor and `allowedActions` ask only this.
 * The default below evaluates the definitions' role × scope rules; the platform layer may wrap it
 * (deny lists, 三员分立, delegated roles) without the kernel changing.
 */
export interface Authorizer {
  qualify(
    p: WorkflowPrincipal,
    rules: readonly ActorRule[],
    o: WorkflowObject<unknown>,
    ctx: ScopeContext,
  ): Qualification | null;
}

export function ruleMatches(
  p: WorkflowPrincipal,
  rule: ActorRule,
  o: WorkflowObject<unknown>,
  ctx: ScopeContext,
) {
  if ('system' in rule) return p.kind === 'system';
  if ('relation' in rule) return isParty(p, o, rule.relation);
  return p.kind === 'staff' && p.roles.includes(rule.role) && scopePredicates[rule.scope](p, o, ctx);
}

export const ruleAuthorizer: Authorizer = {
  qualify(p, rules, o, ctx) {
    for (const rule of rules) {
      if (ruleMatches(p, rule, o, ctx)) {
        const as =
          'system' in rule ? 'system' : 'relation' in rule ? rule.relation : `${rule.role}@${rule.scope}`;
        return { rule, as };
      }
    }
    return null;
  },
};
