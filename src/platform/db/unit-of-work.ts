import { type Kysely, sql, type Transaction } from 'kysely';
import { currentContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Tx } from './database.js';
import { type HasExecutor, limited } from './transaction-limit.js';

/**
 * The stored outcome of an earlier request with the same Idempotency-Key: the HTTP layer answers
 * with it instead of running the change again.
 */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType: string,
    /** true: `body` is the exact payload sent; false: the handler's result, to be serialized again. */
    readonly exact: boolean,
  ) {
    super('idempotent replay');
  }
}

export const keyReused = () =>
  new AppError(
    422,
    'idempotency_key_reused',
    '幂等键已被使用',
    '同一个 Idempotency-Key 已用于内容不同的请求，请使用新的键',
  );

/**
 * The one way a service opens a transaction. When the request carries an Idempotency-Key that no
 * transaction has claimed yet, the key is reserved and its outcome stored *inside* this transaction,
 * so that after a crash at any point a retry either finds the outcome (and gets the same answer) or
 * finds nothing (and the change had not happened): exactly once. A concurrent twin blocks on the
 * key's unique index until this transaction ends, then replays its outcome.
 */
export async function transaction<DB, T>(
  db: Kysely<DB>,
  fn: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const root = db as unknown as HasExecutor;
  const claim = currentContext()?.idempotency;
  if (!claim || claim.claimed) return limited(root, () => db.transaction().execute(fn));
  const result = await limited(root, () =>
    db.transaction().execute(async (t) => {
      const tx = t as unknown as Tx;
      const reserved = await tx
        .insertInto('idempotency_keys')
        .values({ scope: claim.scope, key: claim.key, request_hash: claim.requestHash })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!reserved) {
        const row = await tx
          .selectFrom('idempotency_keys')
          .select(['request_hash', 'status_code', 'response', 'content_type', 'exact'])
          .where('scope', '=', claim.scope)
          .where('key', '=', claim.key)
          .executeTakeFirstOrThrow();
        if (row.request_hash !== claim.requestHash) throw keyReused();
        if (row.status_code !== null)
          throw new IdempotentReplay(
            row.status_code,
            row.response ?? '',
            row.content_type ?? 'application/json; charset=utf-8',
            row.exact,
          );
        throw new AppError(
          409,
          'idempotency_in_progress',
          '请求正在处理',
          '相同的请求正在处理中，请稍后重试',
        );
      }
      const out = await fn(t);
      await tx
        .updateTable('idempotency_keys')
        .set({
          status_code: claim.successStatus,
          response: JSON.stringify(out ?? null),
          content_type: 'application/json; charset=utf-8',
          exact: false,
          completed_at: sql`now()`,
        })
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .execute();
      return out;
    }),
  );
  claim.claimed = true;
  return result;
}
