import { type Generated, sql } from 'kysely';
import { columnsOf } from '../../platform/db/columns.js';
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
    attempts: Generated<number>;
    next_attempt_at: Date | null;
    last_error: string | null;
    /** Set when the last attempt failed: the message is given up, not retried forever. */
    failed_at: Date | null;
  };
};

const t = (db: DbOrTx) => db.withTables<NotifyTables>();

const MESSAGE_COLUMNS = columnsOf<NotifyTables['messages']>()([
  'id',
  'account_id',
  'event_id',
  'case_id',
  'title',
  'body',
  'created_at',
  'read_at',
]);

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
    .values({
      event_id: s.eventId,
      phone: s.phone,
      body: s.body,
      sent_at: null,
      next_attempt_at: null,
      last_error: null,
      failed_at: null,
    })
    .onConflict((oc) => oc.columns(['event_id', 'phone']).doNothing())
    .execute();
}

/** Messages due for an attempt at `now`: never sent, not given up, past their retry time. */
export async function unsentSms(db: DbOrTx, limit: number, now: Date) {
  return t(db)
    .selectFrom('sms_outbox')
    .select(['id', 'event_id', 'phone', 'body', 'attempts'])
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markSmsFailed(
  db: DbOrTx,
  id: number,
  f: { attempts: number; error: string; nextAttemptAt: Date | null; failedAt: Date | null },
): Promise<void> {
  await t(db)
    .updateTable('sms_outbox')
    .set({
      attempts: f.attempts,
      last_error: f.error,
      next_attempt_at: f.nextAttemptAt,
      failed_at: f.failedAt,
    })
    .where('id', '=', id)
    .execute();
}

export async function markSmsSent(db: DbOrTx, id: number): Promise<void> {
  await t(db).updateTable('sms_outbox').set({ sent_at: sql`now()` }).where('id', '=', id).execute();
}

export async function messagesOf(db: DbOrTx, accountId: string, limit: number, offset: number) {
  const rows = await t(db)
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
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
