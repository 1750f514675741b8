import { PermitRefused, Semaphore } from '../concurrency.js';
import { DatabaseUnavailableError } from './errors.js';

interface TransactionLimit {
  slots: Semaphore;
  waitMs: number;
}

export type HasExecutor = { getExecutor(): object };

// Keyed by the executor, which a Kysely shares with every `withTables()` view of it.
const limits = new WeakMap<object, TransactionLimit>();

/**
 * Caps the transactions open at once on a pool (database.ts: the pool's size less a few connections
 * kept for reads). Writers queued on one locked row then hold at most that many connections while
 * lock_timeout runs, and /healthz and plain reads still find a free one. A transaction that waits
 * longer than `waitMs` for a slot is refused as "database unavailable" (503, Retry-After).
 */
export function limitTransactions(db: HasExecutor, slots: number, waitMs: number): void {
  limits.set(db.getExecutor(), { slots: new Semaphore(slots), waitMs });
}

/** Open transactions and transactions waiting for a slot (for /metrics and tests). */
export function transactionStats(db: HasExecutor): { active: number; waiting: number } | null {
  const limit = limits.get(db.getExecutor());
  return limit ? { active: limit.slots.active, waiting: limit.slots.waiting } : null;
}

export async function limited<T>(db: HasExecutor, run: () => Promise<T>): Promise<T> {
  const limit = limits.get(db.getExecutor());
  if (!limit) return run();
  let release: () => void;
  try {
    release = await limit.slots.acquire(limit.waitMs);
  } catch (err) {
    if (err instanceof PermitRefused)
      throw new DatabaseUnavailableError('no transaction slot within the time allowed', { cause: err });
    throw err;
  }
  try {
    return await run();
  } finally {
    release();
  }
}
