import { describe, expect, it } from 'vitest';
import { classifyDatabaseError, DatabaseUnavailableError } from './errors.js';
import { limited, limitTransactions, transactionStats } from './transaction-limit.js';

describe('transaction slots', () => {
  it('lets as many transactions run as there are slots, queues the next, and refuses one that waited too long as unavailable', async () => {
    const executor = {};
    const db = { getExecutor: () => executor };
    limitTransactions(db, 2, 80);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const first = limited(db, () => held);
    const second = limited(db, () => held);
    const third = limited(db, async () => 'ran');
    expect(transactionStats(db)).toEqual({ active: 2, waiting: 1 });
    const refused = await third.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseUnavailableError);
    expect(classifyDatabaseError(refused)).toBe('unavailable');
    release();
    await Promise.all([first, second]);
    expect(await limited(db, async () => 'ran')).toBe('ran');
    expect(transactionStats(db)).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the slot when the transaction fails', async () => {
    const executor = {};
    const db = { getExecutor: () => executor };
    limitTransactions(db, 1, 50);
    await expect(limited(db, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limited(db, async () => 1)).toBe(1);
  });

  it('does not limit a database it was not asked to (PGlite: one connection, serialized anyway)', async () => {
    const db = { getExecutor: () => ({}) };
    expect(transactionStats(db)).toBeNull();
    expect(await limited(db, async () => 'free')).toBe('free');
  });
});
