import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

const MAX_KEY = 200;
/** A request that died half-way leaves its key "in progress"; after this long a retry may take it over. */
const STALE_SECONDS = 60;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key for POSTs: the same key and body from the same caller on the same route gets the
 * stored response and creates nothing twice; the same key with a different body is refused.
 */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || key === '') return;
    if (key.length > MAX_KEY) {
      throw new AppError(400, 'validation_failed', '输入校验未通过', 'Idempotency-Key 过长', [
        { field: 'Idempotency-Key', message: `不能超过${MAX_KEY}个字符` },
      ]);
    }
    const scope = `${req.principal?.id ?? 'anonymous'} ${req.routeOptions.url ?? req.url}`;
    const hash = createHash('sha256')
      .update(req.url)
      .update(canonical(req.body ?? null))
      .digest('hex');
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: hash })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      req.idempotency = { scope, key };
      return;
    }
    const row = await db
      .selectFrom('idempotency_keys')
      .select([
        'request_hash',
        'status_code',
        'response',
        'content_type',
        sql<boolean>`created_at < now() - make_interval(secs => ${STALE_SECONDS})`.as('stale'),
      ])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (row.request_hash !== hash) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        '幂等键已被使用',
        '同一个 Idempotency-Key 已用于内容不同的请求，请使用新的键',
      );
    }
    if (row.status_code === null) {
      if (!row.stale)
        throw new AppError(
          409,
          'idempotency_in_progress',
          '请求正在处理',
          '相同的请求正在处理中，请稍后重试',
        );
      await db
        .updateTable('idempotency_keys')
        .set({ created_at: sql`now()` })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute();
      req.idempotency = { scope, key };
      return;
    }
    reply.header('idempotent-replayed', 'true');
    reply.code(row.status_code).type(row.content_type ?? 'application/json; charset=utf-8');
    return reply.send(row.response);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = null;
    const where = db
      .updateTable('idempotency_keys')
      .where('scope', '=', idem.scope)
      .where('key', '=', idem.key);
    if (reply.statusCode >= 500 || reply.statusCode === 409 || reply.statusCode === 429) {
      // A failure that changed nothing must not pin the key: the client will retry with it.
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', idem.scope)
        .where('key', '=', idem.key)
        .execute();
      return payload;
    }
    await where
      .set({
        status_code: reply.statusCode,
        response: typeof payload === 'string' ? payload : payload == null ? '' : String(payload),
        content_type: String(reply.getHeader('content-type') ?? ''),
        completed_at: sql`now()`,
      })
      .execute();
    return payload;
  });
}
