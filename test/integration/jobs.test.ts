import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/platform/db/migrate.js';
import { createJobRunner } from '../../src/platform/jobs/runner.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';

const quiet = { warn: () => {}, debug: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)('periodic jobs across processes on %s', (engine) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await migrate(db.handle.db);
  });
  afterAll(() => db.drop());

  it('runs a shared job once per interval however many runners tick at once', async () => {
    let runs = 0;
    let concurrent = 0;
    let peak = 0;
    // Four runners stand for four app processes on one database.
    const runners = Array.from({ length: 4 }, () => createJobRunner(db.handle.db, quiet, 20));
    for (const r of runners)
      r.register('test.once', 60_000, async () => {
        concurrent++;
        peak = Math.max(peak, concurrent);
        runs++;
        await sleep(150);
        concurrent--;
      });
    for (const r of runners) r.start();
    await sleep(600);
    await Promise.all(runners.map((r) => r.stop()));
    expect(runs).toBe(1);
    expect(peak).toBe(1);
  });

  it('does not start a run by hand while another runner holds the job', async () => {
    const a = createJobRunner(db.handle.db, quiet, 1_000_000);
    const b = createJobRunner(db.handle.db, quiet, 1_000_000);
    let runs = 0;
    for (const r of [a, b])
      r.register('test.manual', 60_000, async () => {
        runs++;
        await sleep(200);
        return runs;
      });
    const [first, second] = await Promise.all([
      a.runNow('test.manual'),
      sleep(50).then(() => b.runNow('test.manual')),
    ]);
    expect(first).toBe(1);
    expect(second).toBeUndefined();
    // Once the first run is over, a run by hand goes ahead.
    expect(await b.runNow('test.manual')).toBe(2);
  });

  it('runs per-process upkeep in every runner', async () => {
    const seen: number[] = [];
    const runners = [0, 1].map((i) => {
      const r = createJobRunner(db.handle.db, quiet, 20);
      r.everyProcess('test.local', 50, async () => {
        seen.push(i);
      });
      return r;
    });
    for (const r of runners) r.start();
    await sleep(300);
    await Promise.all(runners.map((r) => r.stop()));
    expect(new Set(seen)).toEqual(new Set([0, 1]));
  });
});
