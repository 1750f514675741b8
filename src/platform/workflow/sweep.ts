import { RAISE_WARNING, type Workflow } from './define.js';
import type { Executor } from './executor.js';
import { SYSTEM_PRINCIPAL, type WorkflowStore } from './types.js';

export interface SweepResult {
  checked: number;
  raised: number;
  skipped: number;
  failed: number;
}

/**
 * One deadline sweep for every registered workflow. Candidates come from the indexed warn/due
 * columns; each is its own transaction through the executor as the system principal, so a warning
 * has its event, audit row and version bump like any action. A row another transaction holds is
 * skipped (SKIP LOCKED: the next run takes it), and one failing object is logged while the rest go
 * on (one bad record must not stop the run: Digit-Core#1412).
 */
export function createSweep(executor: Executor) {
  const registered: { wf: Workflow<unknown>; store: WorkflowStore<unknown> }[] = [];
  return {
    register<D>(wf: Workflow<D>, store: WorkflowStore<D>): void {
      registered.push({ wf, store } as unknown as { wf: Workflow<unknown>; store: WorkflowStore<unknown> });
    },
    async run(batchSize = 200): Promise<Record<string, SweepResult>> {
      const today = executor.clock.today();
      const out: Record<string, SweepResult> = {};
      for (const { wf, store } of registered) {
        const r: SweepResult = { checked: 0, raised: 0, skipped: 0, failed: 0 };
        out[wf.name] = r;
        let after: string | null = null;
        for (;;) {
          const ids = await store.sweepCandidates(executor.db, today, after, batchSize);
          if (!ids.length) break;
          after = ids.at(-1)!;
          for (const id of ids) {
            r.checked++;
            try {
              const o = await executor.act(
                wf,
                store,
                SYSTEM_PRINCIPAL,
                id,
                { action: RAISE_WARNING },
                { skipLocked: true },
              );
              if (!o.object) r.skipped++;
              else if (o.changed) r.raised++;
            } catch (err) {
              r.failed++;
              executor.log?.warn({ err, workflow: wf.name, id }, 'deadline sweep: object failed');
            }
          }
          if (ids.length < batchSize) break;
        }
      }
      return out;
    },
  };
}

export type Sweep = ReturnType<typeof createSweep>;
