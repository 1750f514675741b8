import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentContext } from '../context.js';
import type { Db } from '../db/database.js';
import { type AuditActor, type AuditOutcome, actorOf, maskLoginName, record } from './record.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Records the route's outcome in the audit log, from the response status: `'auth.login'`, or
     * `{ action, object }` where object names a path or query parameter (`'params.id'`,
     * `'query.number'`), a body field (`'body.username'`) or a field of the JSON answer
     * (`'response.id'`, the default; `auth.*` actions default to `'body.username'`).
     */
    audit?:
      | string
      | {
          action: string;
          object?: AuditObjectSource;
          /** Body fields kept in the entry's detail (e.g. the roles a staff account was given). */
          fields?: string[];
        };
  }
}

/** Where the object's name comes from; the value is normalized and masked (ID numbers, phones). */
export type AuditObjectSource = `${'params' | 'body' | 'query' | 'response'}.${string}` | 'none';

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 401 || status === 400 || status === 404 || status === 409 || status === 422)
    return 'failure';
  if (status >= 500) return 'error';
  if (status === 403 || status === 423 || status === 429) return 'denied';
  return 'failure';
}

function jsonOf(payload: unknown): Record<string, unknown> | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    return JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** An answer that opens a session names its account: the log shows who logged in, not only who tried. */
function actorOfAnswer(body: Record<string, unknown> | null): AuditActor | null {
  const user = body?.user as
    | { id?: unknown; username?: unknown; kind?: unknown; roles?: unknown }
    | undefined;
  if (!user || typeof user.id !== 'string' || typeof user.username !== 'string') return null;
  const kind =
    user.kind === 'staff' || user.kind === 'person' || user.kind === 'enterprise' ? user.kind : null;
  if (!kind) return null;
  return (
    actorOf({
      id: user.id,
      kind,
      username: user.username,
      name: '',
      roles: Array.isArray(user.roles) ? (user.roles as never[]) : [],
      regionCode: null,
      departmentCode: null,
    }) ?? null
  );
}

function objectOf(
  source: AuditObjectSource,
  req: FastifyRequest,
  body: Record<string, unknown> | null,
): string | null {
  if (source === 'none') return null;
  const [from, name] = source.split('.') as ['params' | 'body' | 'query' | 'response', string];
  const bag = (from === 'response' ? body : req[from]) as Record<string, unknown> | null | undefined;
  const v = bag?.[name];
  if (typeof v === 'string') return maskLoginName(v);
  if (typeof v === 'number') return String(v);
  // An answer without an id (a failure): the path names the object.
  if (from === 'response') {
    const id = (req.params as Record<string, unknown> | undefined)?.id;
    return typeof id === 'string' ? id : null;
  }
  return null;
}

function fieldsOf(cfg: FastifyContextConfig['audit'], req: FastifyRequest): Record<string, unknown> {
  if (!cfg || typeof cfg === 'string' || !cfg.fields) return {};
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    cfg.fields.filter((f) => f in body && !/password/i.test(f)).map((f) => [f, body[f]]),
  );
}

/**
 * Route-level recording, for actions whose service must stay unaware of the log (logins, staff
 * administration) and for refusals, which roll back whatever transaction they happened in: the entry
 * is written here, outside any transaction, before the answer leaves, so an answered request is
 * always in the log. Every 403 on any route is recorded as `access.denied` (a probe of someone
 * else's data is what an assessor looks for first).
 */
export function registerAuditHooks(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
    const cfg = req.routeOptions.config?.audit;
    const status = reply.statusCode;
    if (!cfg && status !== 403) return payload;
    const action = !cfg ? 'access.denied' : typeof cfg === 'string' ? cfg : cfg.action;
    const source: AuditObjectSource = !cfg
      ? 'none'
      : typeof cfg === 'string'
        ? cfg.startsWith('auth.')
          ? 'body.username'
          : 'response.id'
        : (cfg.object ?? 'response.id');
    const body = status < 300 ? jsonOf(payload) : null;
    const principal = req.principal ?? currentContext()?.principal ?? null;
    try {
      await record(db, {
        action,
        object: cfg ? objectOf(source, req, body) : `${req.method} ${req.routeOptions.url ?? req.url}`,
        outcome: outcomeOf(status),
        actor: actorOf(principal) ??
          actorOfAnswer(body) ?? {
            id: null,
            name: source === 'body.username' ? objectOf(source, req, null) : null,
            role: null,
          },
        client: req.ip ?? null,
        detail: {
          method: req.method,
          route: req.routeOptions.url ?? null,
          status,
          // A replay (Idempotency-Key) answered from the stored outcome: the action did not run again.
          ...(reply.getHeader('idempotent-replayed') ? { replayed: true } : {}),
          ...fieldsOf(cfg, req),
        },
      });
    } catch (err) {
      // The answer still goes out; the failure to record is itself an alarm for the operator.
      req.log.error({ err, action }, 'audit record failed');
    }
    return payload;
  });
}
