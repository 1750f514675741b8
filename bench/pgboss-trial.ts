/**
 * The trial behind docs/decisions/008-jobs-queue.md: pg-boss 10 on the app's own connection (PGlite's
 * one connection through Kysely's pool, or the PostgreSQL pool), never a second handle. Starts
 * pg-boss with its schema, creates a queue with retries, backoff and a dead-letter queue, enqueues
 * two jobs inside an application transaction, schedules a cron job, and reports what ran, the
 * statements pg-boss sent and the time taken.
 *
 *   npx tsx bench/pgboss-trial.ts pglite
 *   npx tsx bench/pgboss-trial.ts postgres   # TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test
 */
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import { openDatabase } from '../src/platform/db/database.js';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const seconds = Number(process.argv[3] ?? 65);
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `pgboss_trial_${Date.now()}`;

const t0 = Date.now();
const h = await openDatabase(engine === 'pglite' ? {} : { url });
const db = h.db;
let statements = 0;
/** pg-boss's `db` option: every statement goes through the app's pool (on PGlite: its one connection). */
const executor = {
  async executeSql(text: string, values?: unknown[]) {
    statements++;
    return { rows: (await db.executeQuery(CompiledQuery.raw(text, values ?? []))).rows };
  },
};
const boss = new PgBoss({ db: executor, schema, supervise: true, schedule: true, migrate: true } as never);
boss.on('error', (e: Error) => console.log('pg-boss error:', e.message));
try {
  await boss.start();
  const started = Date.now() - t0;
  await boss.createQueue('trial-dead');
  await boss.createQueue('trial', {
    name: 'trial',
    retryLimit: 3,
    retryDelay: 1,
    retryBackoff: true,
    deadLetter: 'trial-dead',
  } as never);
  const ran: string[] = [];
  await boss.work('trial', { pollingIntervalSeconds: 0.5 } as never, async (jobs: unknown) => {
    const [job] = jobs as { data: { n: string } }[];
    ran.push(job!.data.n);
    if (job!.data.n === 'poison') throw new Error('poison');
  });
  // Enqueued inside an application transaction: both jobs exist only if it commits.
  await db.transaction().execute(async (tx) => {
    const inTx = {
      executeSql: async (text: string, values?: unknown[]) => ({
        rows: (await tx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows,
      }),
    };
    await boss.send('trial', { n: 'a' }, { db: inTx } as never);
    await boss.send('trial', { n: 'poison' }, { db: inTx } as never);
  });
  await boss.schedule('trial', '* * * * *', { n: 'cron' });
  const before = statements;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const dead = (await boss.fetch('trial-dead')) as { data: unknown }[] | null;
  console.log(
    JSON.stringify({
      engine,
      startMs: started,
      ran,
      deadLettered: dead?.map((d) => d.data) ?? [],
      statementsWhileRunning: statements - before,
      seconds,
    }),
  );
} finally {
  await boss.stop({ graceful: false, wait: true } as never).catch(() => {});
  if (engine === 'postgres')
    await db.executeQuery(CompiledQuery.raw(`drop schema if exists ${schema} cascade`));
  await h.close();
}
