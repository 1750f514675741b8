import { sql } from 'kysely';
import type { Db } from './db/database.js';

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

/**
 * Delivers undelivered events, in order, to the handlers subscribed to their aggregate type, and marks
 * each delivered once every handler has succeeded; a failing event stops the batch and is retried on
 * the next run. Handlers use the pool (they call other modules' services), so this runs outside a
 * transaction; the job runner lets only one process deliver at a time.
 */
export function createOutbox(db: Db) {
  const handlers = new Map<string, OutboxHandler[]>();
  return {
    subscribe(aggregateType: string, handler: OutboxHandler): void {
      handlers.set(aggregateType, [...(handlers.get(aggregateType) ?? []), handler]);
    },
    async deliver(batchSize = 200): Promise<number> {
      let total = 0;
      for (;;) {
        const rows = await db
          .selectFrom('events')
          .selectAll()
          .where('delivered_at', 'is', null)
          .orderBy('id')
          .limit(batchSize)
          .execute();
        for (const r of rows) {
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
          for (const h of handlers.get(e.aggregateType) ?? []) await h(db, e);
          await db.updateTable('events').set({ delivered_at: sql`now()` }).where('id', '=', r.id).execute();
          total++;
        }
        if (rows.length < batchSize) return total;
      }
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
