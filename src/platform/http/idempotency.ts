import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { currentContext, type IdempotencyClaim } from '../context.js';
import type { Db } from '../db/database.js';
import { IdempotentReplay, keyReused } from '../db/unit-of-work.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: never stored (login and other auth answers: a replayed token would be a dead one). */
    idempotent?: boolean;
  }
}

const MAX_KEY = 200;
/** Keys live a day (the contract's retry window); the purge job removes older ones. */
export const IDEMPOTENCY_TTL_HOURS = 24;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sendReplay(reply: FastifyReply, r: IdempotentReplay): FastifyReply {
  reply.header('idempotent-replayed', 'true');
  reply.code(r.status);
  if (r.exact)
    return reply
      .type(r.contentType)
      .serializer((x: unknown) => x as string)
      .send(r.body);
  return reply.send(r.body === '' ? null : JSON.parse(r.body));
}

function successStatusOf(schema: unknown): number {
  const response = (schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
  const codes = Object.keys(response)
    .map(Number)
    .filter((c) => c >= 200 && c < 300)
    .sort();
  return codes[0] ?? 200;
}

/**
 * Idempotency-Key for POSTs: the same key and body from the same caller on the same route gets the
 * stored response and creates nothing twice; the same key with a different body is refused (422).
 * The outcome is stored by the request's first transaction (db/unit-of-work.ts) in that very
 * transaction; a POST that runs no transaction has its response stored after it is sent.
 */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || key === '') return;
    if (req.routeOptions.config?.idempotent === false) return;
    if (key.length > MAX_KEY) {
      throw new AppError(400, 'validation_failed', '输入校验未通过', 'Idempotency-Key 过长', [
        { field: 'Idempotency-Key', message: `不能超过${MAX_KEY}个字符` },
      ]);
    }
    const scope = `${req.principal?.id ?? 'anonymous'} ${req.routeOptions.url ?? req.url}`;
    const requestHash = createHash('sha256')
      .update(req.url)
      .update(canonical(req.body ?? null))
      .digest('hex');
    const row = await db
      .selectFrom('idempotency_keys')
      .select([
        'request_hash',
        'status_code',
        'response',
        'content_type',
        'exact',
        sql<boolean>`created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`.as('expired'),
      ])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row?.expired) {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
    } else if (row) {
      if (row.request_hash !== requestHash) throw keyReused();
      if (row.status_code !== null) {
        return sendReplay(
          reply,
          new IdempotentReplay(
            row.status_code,
            row.response ?? '',
            row.content_type ?? 'application/json; charset=utf-8',
            row.exact,
          ),
        );
      }
    }
    const claim: IdempotencyClaim = {
      scope,
      key,
      requestHash,
      successStatus: successStatusOf(req.routeOptions.schema),
      claimed: false,
    };
    const ctx = currentContext();
    if (ctx) ctx.idempotency = claim;
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    const ctx = currentContext();
    const claim = ctx?.idempotency;
    if (!ctx || !claim) return payload;
    ctx.idempotency = null;
    // A response that opens a session is never stored: replayed, it would hand out a dead token.
    if (reply.getHeader('idempotent-replayed') || reply.getHeader('set-cookie')) return payload;
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    const body = typeof payload === 'string' ? payload : payload == null ? '' : String(payload);
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (claim.claimed) {
      // The transaction stored the handler's result; keep the exact bytes sent for later replays.
      if (ok)
        await db
          .updateTable('idempotency_keys')
          .set({ status_code: reply.statusCode, response: body, content_type: contentType, exact: true })
          .where('scope', '=', claim.scope)
          .where('key', '=', claim.key)
          .execute();
      return payload;
    }
    // No transaction claimed the key: a success of a POST without one is stored now; a refusal
    // changed nothing, so the client may retry with the same key.
    if (!ok) return payload;
    await db
      .insertInto('idempotency_keys')
      .values({
        scope: claim.scope,
        key: claim.key,
        request_hash: claim.requestHash,
        status_code: reply.statusCode,
        response: body,
        content_type: contentType,
        exact: true,
        completed_at: sql`now()`,
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .execute();
    return payload;
  });
}

/** Removes keys past their lifetime (run by the job runner). */
export async function purgeIdempotencyKeys(db: Db): Promise<number> {
  const r = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
