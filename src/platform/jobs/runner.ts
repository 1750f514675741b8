import { sql } from 'kysely';
import type { Db } from '../db/database.js';

type JobTables = {
  jobs: {
    name: string;
    next_run_at: Date;
    locked_until: Date | null;
    last_run_at: Date | null;
    last_result: string | null;
  };
};

export interface JobLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

interface Job {
  intervalMs: number;
  run(): Promise<unknown>;
}

/** A crashed run keeps its lock this long before another process may take the job over. */
const LEASE_SECONDS = 300;

/**
 * Periodic jobs whose schedule lives in the database: a restart loses no run (the next run is due
 * at once), and of several processes exactly one claims each run.
 */
export function createJobRunner(db: Db, log: JobLogger, tickMs = 5_000) {
  const t = db.withTables<JobTables>();
  const jobs = new Map<string, Job>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  async function claim(name: string): Promise<boolean> {
    await t
      .insertInto('jobs')
      .values({ name, next_run_at: sql`now()`, locked_until: null, last_run_at: null, last_result: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await t
      .updateTable('jobs')
      .set({ locked_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('name', '=', name)
      .where('next_run_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
      .returning('name')
      .executeTakeFirst();
    return !!row;
  }

  async function runOne(name: string, job: Job, force = false): Promise<unknown> {
    if (!force && !(await claim(name))) return undefined;
    let result: unknown;
    try {
      result = await job.run();
    } catch (err) {
      log.warn({ err, job: name }, 'job failed');
      result = { error: String(err) };
    }
    await t
      .updateTable('jobs')
      .set({
        next_run_at: sql`now() + make_interval(secs => ${job.intervalMs / 1000})`,
        locked_until: null,
        last_run_at: sql`now()`,
        last_result: JSON.stringify(result ?? null),
      })
      .where('name', '=', name)
      .execute();
    return result;
  }

  async function tick(): Promise<void> {
    for (const [name, job] of jobs) {
      try {
        await runOne(name, job);
      } catch (err) {
        log.warn({ err, job: name }, 'job scheduling failed');
      }
    }
  }

  return {
    register(name: string, intervalMs: number, run: () => Promise<unknown>): void {
      jobs.set(name, { intervalMs, run });
    },
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        running = running.then(tick);
      }, tickMs);
      timer.unref();
      running = running.then(tick);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    /** Runs a job now regardless of its schedule (tests, admin). */
    async runNow(name: string): Promise<unknown> {
      const job = jobs.get(name);
      if (!job) throw new Error(`unknown job ${name}`);
      await t
        .insertInto('jobs')
        .values({ name, next_run_at: sql`now()`, locked_until: null, last_run_at: null, last_result: null })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      return runOne(name, job, true);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
