import { currentContext } from '../context.js';
import type { AuditSink } from '../workflow/audit.js';
import { actorOf, record } from './record.js';

/**
 * The workflow kernel's audit seam (platform/workflow/audit.ts) bound to the chained audit log: every
 * action the executor runs — and every refusal — is one entry, with the rule the actor qualified
 * under as its role (`handler@department`, `caller`, `system`).
 */
export const workflowAudit: AuditSink = {
  async record(db, e) {
    const principal = currentContext()?.principal;
    const actor = actorOf(principal);
    await record(db, {
      action: e.action,
      object: e.object,
      outcome: e.outcome === 'ok' ? 'success' : 'denied',
      detail: { ...e.detail, requestId: e.requestId },
      actor: actor
        ? { ...actor, role: e.role ?? actor.role }
        : { id: e.actorId, name: e.actorId ? null : 'system', role: e.role ?? 'system' },
      client: e.client,
    });
  },
};
