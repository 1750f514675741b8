import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { classifyDatabaseError } from '../db/errors.js';

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

interface LocalJob {
  intervalMs: number;
  run(): Promise<unknown>;
  lastRun: number;
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

/**
 * A run holds its job for this long and renews the hold every third of it while it works; a process
 * that dies mid-run stops renewing, and another process takes the job over after at most this long.
 */
const LEASE_SECONDS = 60;

/**
 * Periodic jobs whose schedule lives in the database: a restart loses no run (the next run is due
 * at once), and of several processes exactly one claims each run (the claim is one conditional
 * UPDATE on a row taken with SKIP LOCKED, so claimers never queue behind each other). Jobs registered
 * with `everyProcess` are the opposite: per-process upkeep (refreshing an in-memory cache), run on a
 * timer in each process and never claimed.
 */
export function createJobRunner(db: Db, log: JobLogger, tickMs = 5_000) {
  const t = db.withTables<JobTables>();
  const jobs = new Map<string, Job>();
  const local = new Map<string, LocalJob>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  // During a database outage every tick fails: said once, then quiet until it recovers.
  let outage = false;

  // An interval job first runs at once; a wall-clock job at its first time (not at every first boot).
  const firstRun = (job: Job) =>
    typeof job.schedule === 'number' ? sql<Date>`now()` : job.schedule(new Date());

  async function ensureRow(name: string, job: Job): Promise<void> {
    await t
      .insertInto('jobs')
      .values({ name, next_run_at: firstRun(job), locked_until: null, last_run_at: null, last_result: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /** Claims a due run; resolves to the lease's token (its expiry as text), or null when not ours. */
  async function claim(name: string, job: Job, force: boolean): Promise<string | null> {
    await ensureRow(name, job);
    const row = await t
      .updateTable('jobs')
      .set({ locked_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('name', '=', (eb) => {
        let q = eb
          .selectFrom('jobs')
          .select('name')
          .where('name', '=', name)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]));
        if (!force) q = q.where('next_run_at', '<=', sql<Date>`now()`);
        return q.forUpdate().skipLocked();
      })
      .returning(sql<string>`locked_until::text`.as('lease'))
      .executeTakeFirst();
    return row?.lease ?? null;
  }

  /** Renews the lease while the run lasts, as long as it is still ours. */
  function keepLease(name: string, lease: { token: string }): NodeJS.Timeout {
    const renew = setInterval(
      () => {
        void t
          .updateTable('jobs')
          .set({ locked_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
          .where('name', '=', name)
          .where(sql<boolean>`locked_until::text = ${lease.token}`)
          .returning(sql<string>`locked_until::text`.as('lease'))
          .executeTakeFirst()
          .then((r) => {
            if (r) lease.token = r.lease;
          })
          .catch((err) =>
            log.debug({ job: name, code: (err as { code?: string }).code }, 'lease renewal failed'),
          );
      },
      (LEASE_SECONDS * 1000) / 3,
    );
    renew.unref();
    return renew;
  }

  async function runOne(name: string, job: Job, force = false): Promise<unknown> {
    const token = await claim(name, job, force);
    if (token === null) return undefined;
    const lease = { token };
    const renew = keepLease(name, lease);
    let result: unknown;
    try {
      result = await job.run();
    } catch (err) {
      log.warn({ err, job: name }, 'job failed');
      result = { error: String(err) };
    } finally {
      clearInterval(renew);
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

  function schedulingFailed(name: string, err: unknown): void {
    if (classifyDatabaseError(err) === 'unavailable') {
      if (!outage)
        log.warn({ job: name, code: (err as { code?: string }).code }, 'jobs paused: database unavailable');
      outage = true;
      return;
    }
    log.warn({ err, job: name }, 'job scheduling failed');
  }

  async function tick(): Promise<void> {
    for (const [name, job] of jobs) {
      try {
        await runOne(name, job);
        outage = false;
      } catch (err) {
        schedulingFailed(name, err);
      }
    }
    const now = Date.now();
    for (const [name, job] of local) {
      if (now - job.lastRun < job.intervalMs) continue;
      job.lastRun = now;
      try {
        await job.run();
      } catch (err) {
        schedulingFailed(name, err);
      }
    }
  }

  return {
    /** A job that runs once per interval (or at wall-clock times) across all processes. */
    register(name: string, schedule: Schedule, run: () => Promise<unknown>): void {
      jobs.set(name, { schedule, run });
    },
    /** Upkeep that every process does for itself (first run one interval after start). */
    everyProcess(name: string, intervalMs: number, run: () => Promise<unknown>): void {
      local.set(name, { intervalMs, run, lastRun: Date.now() });
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
    /**
     * Runs a job now regardless of its schedule (tests, admin) — unless another process is running
     * it at this moment, in which case it resolves to undefined without running.
     */
    async runNow(name: string): Promise<unknown> {
      const own = local.get(name);
      if (own) return own.run();
      const job = jobs.get(name);
      if (!job) throw new Error(`unknown job ${name}`);
      return runOne(name, job, true);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
