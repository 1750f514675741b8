import { type Generated, sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

export type NotifyTables = {
  messages: {
    id: Generated<number>;
    account_id: string;
    event_id: number;
    case_id: string | null;
    title: string;
    body: string;
    created_at: Generated<Date>;
    read_at: Date | null;
  };
  sms_outbox: {
    id: Generated<number>;
    event_id: number;
    phone: string;
    body: string;
    sent_at: Date | null;
  };
};

const t = (db: DbOrTx) => db.withTables<NotifyTables>();

export async function insertMessage(
  tx: DbOrTx,
  m: { accountId: string; eventId: number; caseId: string | null; title: string; body: string },
): Promise<void> {
  await t(tx)
    .insertInto('messages')
    .values({
      account_id: m.accountId,
      event_id: m.eventId,
      case_id: m.caseId,
      title: m.title,
      body: m.body,
      read_at: null,
    })
    .onConflict((oc) => oc.columns(['event_id', 'account_id']).doNothing())
    .execute();
}

export async function queueSms(
  tx: DbOrTx,
  s: { eventId: number; phone: string; body: string },
): Promise<void> {
  await t(tx)
    .insertInto('sms_outbox')
    .values({ event_id: s.eventId, phone: s.phone, body: s.body, sent_at: null })
    .onConflict((oc) => oc.columns(['event_id', 'phone']).doNothing())
    .execute();
}

export async function unsentSms(db: DbOrTx, limit: number) {
  return t(db)
    .selectFrom('sms_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markSmsSent(db: DbOrTx, id: number): Promise<void> {
  await t(db).updateTable('sms_outbox').set({ sent_at: sql`now()` }).where('id', '=', id).execute();
}

export async function messagesOf(db: DbOrTx, accountId: string, limit: number, offset: number) {
  const rows = await t(db)
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const { unread } = await t(db)
    .selectFrom('messages')
    .select(sql<number>`count(*) filter (where read_at is null)::int`.as('unread'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return { rows, unread };
}

export async function markRead(db: DbOrTx, accountId: string, id: number): Promise<boolean> {
  const r = await t(db)
    .updateTable('messages')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
