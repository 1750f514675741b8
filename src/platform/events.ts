import type { DbOrTx } from './db/database.js';

export interface EventInput {
  aggregateType: string;
  aggregateId: string;
  type: string;
  actorId?: string | null;
  regionCode?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * The event log doubles as the outbox: it is written in the same transaction as the change it
 * records, and delivered later (delivered_at) so a crash never loses or invents an event.
 */
export async function appendEvent(tx: DbOrTx, e: EventInput): Promise<void> {
  await tx
    .insertInto('events')
    .values({
      aggregate_type: e.aggregateType,
      aggregate_id: e.aggregateId,
      type: e.type,
      actor_id: e.actorId ?? null,
      region_code: e.regionCode ?? null,
      payload: JSON.stringify(e.payload ?? {}),
    })
    .execute();
}
