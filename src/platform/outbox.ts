import type { Db, DbOrTx } from './db/database.js';
import { transaction } from './db/unit-of-work.js';

export interface OutboxEvent {
  id: number;
  aggregateType: string;
  aggregateId: string;
  type: string;
  actorId: string | null;
  regionCode: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

/** Handlers must be idempotent: delivery is at least once (a crash after a handler ran repeats it). */
export type OutboxHandler = (db: Db, e: OutboxEvent) => Promise<void>;

// The delivery columns (migration 014) are the outbox's business, not every module's: declared here.
type OutboxTables = {
  events: {
    id: number;
    aggregate_type: string;
    aggregate_id: string;
    type: string;
    actor_id: string | null;
    region_code: string | null;
    payload: unknown;
    at: Date;
    delivered_at: Date | null;
    attempts: number;
    next_attempt_at: Date | null;
    last_error: string | null;
    dead_at: Date | null;
  };
  outbox_dead_letters: {
    event_id: number;
    aggregate_type: string;
    aggregate_id: string;
    type: string;
    attempts: number;
    last_error: string;
    parked_at: Date;
    requeued_at: Date | null;
  };
};

export interface OutboxOptions {
  /** The clock behind retry times; tests move it. */
  now?: () => Date;
  /** Attempts before an event is parked as dead; default 10 (about 40 minutes of retries). */
  maxAttempts?: number;
  /** Delay after the first failure, doubled after each further one; default 5 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface DeliveryResult {
  delivered: number;
  /** Failed this run, to be retried after the backoff. */
  retried: number;
  /** Failed for the last time: moved to outbox_dead_letters. */
  parked: number;
  /** Skipped: waiting for their retry time, or behind an earlier event of their aggregate that is. */
  held: number;
}

export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers undelivered events, in order, to the handlers subscribed to their aggregate type. A
 * failing event is retried with exponential backoff; while it waits, only the later events of the
 * same aggregate wait with it (their handlers may rely on order), every other aggregate goes on.
 * After the last attempt it is parked in outbox_dead_letters (an operator may requeue it) and no
 * longer holds anything back. Handlers use the pool (they call other modules' services), so this
 * runs outside a transaction; the job runner lets only one process deliver at a time.
 */
export function createOutbox(db: Db, opts: OutboxOptions = {}) {
  const t = db.withTables<OutboxTables>();
  const now = opts.now ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 10;
  const base = opts.baseDelayMs ?? 5_000;
  const max = opts.maxDelayMs ?? 3_600_000;
  const handlers = new Map<string, OutboxHandler[]>();

  async function fail(r: OutboxTables['events'], err: unknown): Promise<'retried' | 'parked'> {
    const attempts = r.attempts + 1;
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    if (attempts >= maxAttempts) {
      await transaction(db, async (tx) => {
        const x = (tx as unknown as DbOrTx).withTables<OutboxTables>();
        await x
          .updateTable('events')
          .set({ attempts, last_error: message, dead_at: now(), next_attempt_at: null })
          .where('id', '=', r.id)
          .execute();
        await x
          .insertInto('outbox_dead_letters')
          .values({
            event_id: r.id,
            aggregate_type: r.aggregate_type,
            aggregate_id: r.aggregate_id,
            type: r.type,
            attempts,
            last_error: message,
            parked_at: now(),
            requeued_at: null,
          })
          .onConflict((oc) =>
            oc
              .column('event_id')
              .doUpdateSet({ attempts, last_error: message, parked_at: now(), requeued_at: null }),
          )
          .execute();
      });
      opts.log?.error({ err, eventId: r.id, type: r.type, attempts }, 'outbox: event parked as dead letter');
      return 'parked';
    }
    const next = new Date(now().getTime() + backoffMs(attempts, base, max));
    await t
      .updateTable('events')
      .set({ attempts, last_error: message, next_attempt_at: next })
      .where('id', '=', r.id)
      .execute();
    opts.log?.warn(
      { err, eventId: r.id, type: r.type, attempts, next },
      'outbox: delivery failed, will retry',
    );
    return 'retried';
  }

  return {
    subscribe(aggregateType: string, handler: OutboxHandler): void {
      handlers.set(aggregateType, [...(handlers.get(aggregateType) ?? []), handler]);
    },

    async deliver(batchSize = 200): Promise<DeliveryResult> {
      const result: DeliveryResult = { delivered: 0, retried: 0, parked: 0, held: 0 };
      const held = new Set<string>();
      let after = 0;
      for (;;) {
        const rows = await t
          .selectFrom('events')
          .select([
            'id',
            'aggregate_type',
            'aggregate_id',
            'type',
            'actor_id',
            'region_code',
            'payload',
            'at',
            'delivered_at',
            'attempts',
            'next_attempt_at',
            'last_error',
            'dead_at',
          ])
          .where('delivered_at', 'is', null)
          .where('dead_at', 'is', null)
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize)
          .execute();
        for (const r of rows) {
          after = r.id;
          const key = `${r.aggregate_type}\u0000${r.aggregate_id}`;
          if (held.has(key) || (r.next_attempt_at && r.next_attempt_at > now())) {
            held.add(key);
            result.held++;
            continue;
          }
          const e: OutboxEvent = {
            id: r.id,
            aggregateType: r.aggregate_type,
            aggregateId: r.aggregate_id,
            type: r.type,
            actorId: r.actor_id,
            regionCode: r.region_code,
            payload: r.payload as Record<string, unknown>,
            at: r.at,
          };
          try {
            for (const h of handlers.get(e.aggregateType) ?? []) await h(db, e);
          } catch (err) {
            const outcome = await fail(r, err);
            result[outcome]++;
            if (outcome === 'retried') held.add(key);
            continue;
          }
          await t
            .updateTable('events')
            .set({ delivered_at: now(), next_attempt_at: null })
            .where('id', '=', r.id)
            .execute();
          result.delivered++;
        }
        if (rows.length < batchSize) return result;
      }
    },

    /** Puts a parked event back in line (after the cause was fixed); its attempts start again. */
    async requeue(eventId: number): Promise<boolean> {
      return transaction(db, async (tx) => {
        const x = (tx as unknown as DbOrTx).withTables<OutboxTables>();
        const r = await x
          .updateTable('events')
          .set({ dead_at: null, attempts: 0, next_attempt_at: null })
          .where('id', '=', eventId)
          .where('dead_at', 'is not', null)
          .returning('id')
          .executeTakeFirst();
        if (!r) return false;
        await x
          .updateTable('outbox_dead_letters')
          .set({ requeued_at: now() })
          .where('event_id', '=', eventId)
          .execute();
        return true;
      });
    },

    async deadLetters(limit = 100) {
      return t
        .selectFrom('outbox_dead_letters')
        .select(['event_id', 'aggregate_type', 'aggregate_id', 'type', 'attempts', 'last_error', 'parked_at'])
        .where('requeued_at', 'is', null)
        .orderBy('event_id')
        .limit(limit)
        .execute();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
