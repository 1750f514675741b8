import type { Db, DbOrTx } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import type { SmsAdapter } from '../../platform/sms.js';
import * as repo from './repo.js';

export interface Notice {
  accountId: string;
  eventId: number;
  caseId?: string | null;
  title: string;
  body: string;
  /** Also text the account's phone. */
  smsTo?: string | null;
}

/** In-app messages (站内信) and SMS. Writing both is idempotent per event, so redelivery is harmless. */
export function createNotifyService(db: Db, sms: SmsAdapter) {
  return {
    async notify(tx: DbOrTx, n: Notice): Promise<void> {
      await repo.insertMessage(tx, {
        accountId: n.accountId,
        eventId: n.eventId,
        caseId: n.caseId ?? null,
        title: n.title,
        body: n.body,
      });
      if (n.smsTo)
        await repo.queueSms(tx, {
          eventId: n.eventId,
          phone: n.smsTo,
          body: `【豫中政务服务】${n.title}：${n.body}`,
        });
    },

    /** Sends queued SMS through the adapter; a failed send stays queued for the next run. */
    async sendPendingSms(): Promise<{ sent: number; failed: number }> {
      let sent = 0;
      let failed = 0;
      for (const s of await repo.unsentSms(db, 200)) {
        try {
          await sms.send(s.phone, s.body);
          await repo.markSmsSent(db, s.id);
          sent++;
        } catch {
          failed++;
        }
      }
      return { sent, failed };
    },

    async inbox(accountId: string, limit: number, offset: number) {
      const { rows, unread } = await repo.messagesOf(db, accountId, limit, offset);
      return {
        unread,
        items: rows.map((m) => ({
          id: m.id,
          caseId: m.case_id,
          title: m.title,
          body: m.body,
          createdAt: m.created_at.toISOString(),
          read: m.read_at !== null,
        })),
      };
    },

    async markRead(accountId: string, id: number): Promise<void> {
      if (!(await repo.markRead(db, accountId, id))) throw notFound('消息', String(id));
    },
  };
}

export type NotifyService = ReturnType<typeof createNotifyService>;
