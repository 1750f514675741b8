import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { createJobRunner, weeklyAt } from '../../src/platform/jobs/runner.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';

describe.each(ENGINES)('job runner schedules (%s)', (engine) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const f = await freshDatabase(engine);
    db = f.handle.db;
    drop = f.drop;
    await migrate(db);
  });
  afterAll(() => drop?.());

  it('runs an interval job at once but a wall-clock job only at its first due time, not at boot', async () => {
    const ran: string[] = [];
    const log = { warn: () => {}, debug: () => {} };
    const jobs = createJobRunner(db, log, 60_000);
    jobs.register('test.interval', 60_000, async () => ran.push('interval'));
    jobs.register('test.weekly', weeklyAt(1, '08:00'), async () => ran.push('weekly'));
    jobs.start();
    await jobs.stop();
    expect(ran).toEqual(['interval']);
    const rows = await sql<{ name: string; next_run_at: Date }>`
      select name, next_run_at from jobs where name like 'test.%' order by name`.execute(db);
    const weekly = rows.rows.find((r) => r.name === 'test.weekly')!;
    expect(new Date(weekly.next_run_at).toISOString()).toBe(weeklyAt(1, '08:00')(new Date()).toISOString());
    // Forced, the weekly job runs and is rescheduled for the following Monday 08:00 Beijing time.
    await jobs.runNow('test.weekly');
    expect(ran).toEqual(['interval', 'weekly']);
    const after = await sql<{
      next_run_at: Date;
    }>`select next_run_at from jobs where name = 'test.weekly'`.execute(db);
    const next = new Date(after.rows[0]!.next_run_at);
    expect(next.getUTCDay()).toBe(1);
    expect(next.getUTCHours()).toBe(0);
  });
});
