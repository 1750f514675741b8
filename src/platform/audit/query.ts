import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { auditTables } from './tables.js';

export interface AuditFilter {
  from?: Date;
  to?: Date;
  /** An account id or a login name as the log shows it. */
  actor?: string;
  /** An action (`case.accept`), or a prefix ending in `.` or `*` (`case.`, `licence.*`). */
  action?: string;
  limit: number;
  offset: number;
}

/** The auditor's view of the log, newest first. */
export async function listAudit(db: Db, f: AuditFilter) {
  const t = auditTables(db);
  let q = t.selectFrom('audit_log');
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.actor) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('actor', '=', actor), eb('actor_id', '=', actor)]));
  }
  if (f.action) {
    const prefix = f.action.endsWith('*') ? f.action.slice(0, -1) : f.action.endsWith('.') ? f.action : null;
    q =
      prefix !== null
        ? q.where(sql<boolean>`left(action, ${prefix.length}) = ${prefix}`)
        : q.where('action', '=', f.action);
  }
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['seq', 'at', 'actor', 'role', 'client', 'action', 'object', 'outcome'])
      .orderBy('seq', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: (r.at instanceof Date ? r.at : new Date(r.at)).toISOString(),
      actor: r.actor,
      role: r.role,
      client: r.client,
      action: r.action,
      object: r.object,
      outcome: r.outcome,
    })),
  };
}
