import type { DbOrTx } from '../db/database.js';

/** One line of the audit log as the kernel knows it; platform/audit chains and stores it. */
export interface AuditEntry {
  actorId: string | null;
  /** The rule the actor qualified under (`handler@department`, `caller`, `system`). */
  role: string | null;
  /** `<workflow>.<action>` */
  action: string;
  /** `<workflow>:<id>` */
  object: string;
  outcome: 'ok' | 'denied';
  requestId: string | null;
  client: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Where the executor writes audit rows: inside the action's transaction for a change (the row
 * commits or rolls back with it), on the pool for a refusal (the refused change rolled back, the
 * attempt must still be on record: 等保 level 3 wants denied operations audited).
 */
export interface AuditSink {
  record(db: DbOrTx, entry: AuditEntry): Promise<void>;
}

export const noAudit: AuditSink = { record: async () => {} };
