import { currentContext } from '../context.js';
import type { DbOrTx } from '../db/database.js';
import type { Principal } from '../http/access.js';
import { maskPiiInText } from '../log.js';
import { auditTables } from './tables.js';

/**
 * success: done; failure: refused for a reason of the request (wrong password, bad input, conflict);
 * denied: refused for lack of right (403, lockout, rate limit); error: the platform failed.
 */
export type AuditOutcome = 'success' | 'failure' | 'denied' | 'error';

export interface AuditActor {
  id: string | null;
  /** A staff username, or a masked person's / enterprise's login name. */
  name: string | null;
  /** Staff roles (comma-separated), `person`, `enterprise`, or `system` for jobs and start-up. */
  role: string | null;
}

export interface AuditEntry {
  /** `<area>.<verb>`, e.g. `case.accept`, `auth.login`, `licence.staff_read` (docs/audit.md lists them). */
  action: string;
  /** What was acted on: `case:<id>`, `licence:<id>`, `file:<id>`, `catalog_import:<id>`… */
  object?: string | null;
  outcome?: AuditOutcome;
  /** Small facts for the auditor (purpose, case number, counts); ID numbers and phones are masked. */
  detail?: Record<string, unknown>;
  /** Defaults to the principal of the request being served, or `system` outside a request. */
  actor?: AuditActor;
  /** Defaults to the request's client address. */
  client?: string | null;
}

const SYSTEM: AuditActor = { id: null, name: 'system', role: 'system' };
const MAX_TEXT = 200;

// Hostile input (a login name with a NUL byte or a lone surrogate) must still be recordable: the
// database refuses both in text and jsonb, and the attempt is exactly what the log is for.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (v: string) => v.replace(CONTROL, '?').replace(LONE_SURROGATE, '\ufffd');

const clip = (v: string | null | undefined) =>
  v == null ? null : maskPiiInText(clean(v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v));

/** How a principal appears in the log; login names that are ID numbers or phones are masked. */
export function actorOf(p: Principal | null | undefined): AuditActor | null {
  if (!p) return null;
  return {
    id: p.id,
    name: maskPiiInText(p.username),
    role: p.kind === 'staff' ? p.roles.join(',') : p.kind,
  };
}

/** A login name as typed, normalized (trimmed, lower case) and masked: never an ID number in clear. */
export function maskLoginName(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  return s ? clip(s) : null;
}

/**
 * Appends an audit entry with the executor given. Inside the caller's transaction the entry commits
 * with the change it records, or not at all; for an action that failed (a refused login or access)
 * pass the database itself, so that the entry outlives the rollback. Writers never wait for one
 * another: the hash chain is linked afterwards by the chainer (chainer.ts).
 */
export async function record(ex: DbOrTx, entry: AuditEntry): Promise<void> {
  const ctx = currentContext();
  const actor =
    entry.actor ?? actorOf(ctx?.principal) ?? (ctx ? { id: null, name: null, role: null } : SYSTEM);
  const detail = entry.detail
    ? maskPiiInText(JSON.stringify(entry.detail, (_k, v) => (typeof v === 'string' ? clean(v) : v)))
    : '{}';
  await auditTables(ex)
    .insertInto('audit_log')
    .values({
      actor_id: actor.id,
      actor: clip(actor.name),
      role: clip(actor.role),
      client: entry.client !== undefined ? entry.client : (ctx?.client ?? null),
      action: entry.action,
      object: clip(entry.object ?? null),
      outcome: entry.outcome ?? 'success',
      detail,
      request_id: ctx?.requestId ?? null,
    })
    .execute();
}
