import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifyService } from '../../src/modules/notify/service.js';
import type { Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { appendEvent } from '../../src/platform/events.js';
import { createOutbox } from '../../src/platform/outbox.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';

describe.each(ENGINES)('outbox retries and dead letters (%s)', (engine) => {
  let db: Db;
  let drop: () => Promise<void>;
  let t = new Date('2026-12-07T02:00:00Z').getTime();
  const now = () => new Date(t);
  const logged: string[] = [];
  const log = {
    warn: (_o: object, m: string) => logged.push(`warn ${m}`),
    error: (_o: object, m: string) => logged.push(`error ${m}`),
  };

  beforeAll(async () => {
    const f = await freshDatabase(engine);
    db = f.handle.db;
    drop = f.drop;
    await migrate(db);
  });
  afterAll(() => drop?.());

  const add = (aggregateType: string, aggregateId: string, type: string) =>
    appendEvent(db, { aggregateType, aggregateId, type, payload: { n: type } });

  it('retries a failing event with exponential backoff, holds only its own aggregate, then parks it', async () => {
    const outbox = createOutbox(db, { now, maxAttempts: 3, baseDelayMs: 1_000, log });
    const seen: string[] = [];
    outbox.subscribe('demo', async (_db, e) => {
      if (e.type === 'poison') throw new Error('handler cannot parse this event');
      seen.push(`${e.aggregateId}:${e.type}`);
    });
    await add('demo', 'a', 'poison');
    await add('demo', 'a', 'after-poison');
    await add('demo', 'b', 'other');

    expect(await outbox.deliver()).toEqual({ delivered: 1, retried: 1, parked: 0, held: 1 });
    expect(seen).toEqual(['b:other']);
    // Before the backoff (1 s) elapses nothing is tried again.
    t += 500;
    expect(await outbox.deliver()).toMatchObject({ delivered: 0, retried: 0, held: 2 });
    t += 600;
    expect(await outbox.deliver()).toMatchObject({ retried: 1, held: 1 });
    // Second failure waits 2 s.
    t += 1_500;
    expect(await outbox.deliver()).toMatchObject({ retried: 0, held: 2 });
    t += 600;
    // Third and last attempt: parked, and the aggregate's later event goes through in the same run.
    expect(await outbox.deliver()).toEqual({ delivered: 1, retried: 0, parked: 1, held: 0 });
    expect(seen).toEqual(['b:other', 'a:after-poison']);
    const dead = await outbox.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      aggregate_id: 'a',
      type: 'poison',
      attempts: 3,
      last_error: 'handler cannot parse this event',
    });
    expect(logged.filter((l) => l.startsWith('error'))).toEqual([
      'error outbox: event parked as dead letter',
    ]);
    expect(await outbox.deliver()).toEqual({ delivered: 0, retried: 0, parked: 0, held: 0 });

    // Once the cause is fixed, an operator requeues it and it is delivered.
    const fixed = createOutbox(db, { now, log });
    const again: string[] = [];
    fixed.subscribe('demo', async (_db, e) => {
      again.push(e.type);
    });
    expect(await fixed.requeue(dead[0]!.event_id)).toBe(true);
    expect(await fixed.requeue(dead[0]!.event_id)).toBe(false);
    expect(await fixed.deliver()).toMatchObject({ delivered: 1 });
    expect(again).toEqual(['poison']);
    expect(await fixed.deadLetters()).toEqual([]);
  });

  it('retries a failed SMS with backoff and gives it up after the last attempt instead of forever', async () => {
    let failing = true;
    const sent: string[] = [];
    const notify = createNotifyService(
      db,
      {
        async send(phone, body) {
          if (failing) throw new Error('gateway 503');
          sent.push(`${phone}:${body}`);
        },
      },
      { now, maxAttempts: 3, baseDelayMs: 1_000, log },
    );
    const accountId = '00000000-0000-4000-8000-000000000001';
    await notify.notify(db, {
      accountId,
      eventId: 9001,
      title: '办件已受理',
      body: '请留意',
      smsTo: '13800003333',
    });
    await notify.notify(db, {
      accountId,
      eventId: 9002,
      title: '办件已办结',
      body: '请领取',
      smsTo: '13800004444',
    });
    expect(await notify.sendPendingSms()).toEqual({ sent: 0, failed: 2, gaveUp: 0 });
    expect(await notify.sendPendingSms()).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    t += 1_000;
    expect(await notify.sendPendingSms()).toEqual({ sent: 0, failed: 2, gaveUp: 0 });
    t += 2_000;
    expect(await notify.sendPendingSms()).toEqual({ sent: 0, failed: 0, gaveUp: 2 });
    t += 3_600_000;
    failing = false;
    expect(await notify.sendPendingSms()).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(sent).toEqual([]);
    expect(logged.filter((l) => l === 'error sms: given up')).toHaveLength(2);

    await notify.notify(db, {
      accountId,
      eventId: 9003,
      title: '材料已补正',
      body: '请等待',
      smsTo: '13800005555',
    });
    expect(await notify.sendPendingSms()).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    expect(sent).toHaveLength(1);
  });
});
