import type { Db, DbOrTx } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { backoffMs } from '../../platform/outbox.js';
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

export interface SmsRetryOptions {
  now?: () => Date;
  /** Attempts before a message is given up; default 6 (about 5 minutes of retries). */
  maxAttempts?: number;
  baseDelayMs?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** In-app messages (站内信) and SMS. Writing both is idempotent per event, so redelivery is harmless. */
export function createNotifyService(db: Db, sms: SmsAdapter, opts: SmsRetryOptions = {}) {
  const now = opts.now ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 6;
  const base = opts.baseDelayMs ?? 10_000;
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

    /**
     * Sends queued SMS through the adapter. A failed send is logged and retried with exponential
     * backoff; after the last attempt it is given up (failed_at) and logged as an error, so a dead
     * number or a gateway outage never turns into an endless loop of sends. The in-app message
     * already carries the same notice.
     */
    async sendPendingSms(): Promise<{ sent: number; failed: number; gaveUp: number }> {
      let sent = 0;
      let failed = 0;
      let gaveUp = 0;
      for (const s of await repo.unsentSms(db, 200, now())) {
        try {
          await sms.send(s.phone, s.body);
          await repo.markSmsSent(db, s.id);
          sent++;
        } catch (err) {
          const attempts = s.attempts + 1;
          const last = attempts >= maxAttempts;
          const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
          await repo.markSmsFailed(db, s.id, {
            attempts,
            error,
            nextAttemptAt: last ? null : new Date(now().getTime() + backoffMs(attempts, base, 3_600_000)),
            failedAt: last ? now() : null,
          });
          // The number is personal data: the log names the queue row, not the phone.
          if (last) {
            gaveUp++;
            opts.log?.error({ smsId: s.id, eventId: s.event_id, attempts, error }, 'sms: given up');
          } else {
            failed++;
            opts.log?.warn(
              { smsId: s.id, eventId: s.event_id, attempts, error },
              'sms: send failed, will retry',
            );
          }
        }
      }
      return { sent, failed, gaveUp };
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
