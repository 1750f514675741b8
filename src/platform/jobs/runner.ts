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

/** Every so many milliseconds, or at wall-clock times (the next run after a given instant). */
export type Schedule = number | ((after: Date) => Date);

interface Job {
  schedule: Schedule;
  run(): Promise<unknown>;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Weekly at `hh:mm` Asia/Shanghai on `weekday` (0 Sunday … 6 Saturday): the weekly 成绩单 is due on
 * Monday morning, which no fixed interval can say across restarts. China has kept one offset (UTC+8,
 * no daylight saving) since 1991, so plain arithmetic is exact.
 */
export function weeklyAt(weekday: number, hhmm: string): (after: Date) => Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return (after) => {
    const local = new Date(after.getTime() + SHANGHAI_OFFSET_MS);
    const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    for (let i = 0; i <= 7; i++) {
      const candidate = day + i * 86_400_000;
      const wd = new Date(candidate).getUTCDay();
      const at = candidate + (h * 60 + m) * 60_000 - SHANGHAI_OFFSET_MS;
      if (wd === weekday && at > after.getTime()) return new Date(at);
    }
    throw new Error('unreachable');
  };
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

  // An interval job first runs at once; a wall-clock job at its first time (not at every first boot).
  const firstRun = (job: Job) =>
    typeof job.schedule === 'number' ? sql<Date>`now()` : job.schedule(new Date());

  async function claim(name: string, job: Job): Promise<boolean> {
    await t
      .insertInto('jobs')
      .values({ name, next_run_at: firstRun(job), locked_until: null, last_run_at: null, last_result: null })
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
    if (!force && !(await claim(name, job))) return undefined;
    let result: unknown;
    try {
      result = await job.run();
    } catch (err) {
      log.warn({ err, job: name }, 'job failed');
      result = { error: String(err) };
    }
    const next =
      typeof job.schedule === 'number'
        ? sql<Date>`now() + make_interval(secs => ${job.schedule / 1000})`
        : job.schedule(new Date());
    await t
      .updateTable('jobs')
      .set({
        next_run_at: next,
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
    register(name: string, schedule: Schedule, run: () => Promise<unknown>): void {
      jobs.set(name, { schedule, run });
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
