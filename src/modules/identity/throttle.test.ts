import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, pairLockSeconds } from './throttle.js';

describe('login throttle policy', () => {
  it('doubles the (account, client) lock each time, up to its cap', () => {
    const p = DEFAULT_THROTTLE;
    expect([0, 1, 2, 3].map((n) => pairLockSeconds(p, n))).toEqual([60, 120, 240, 480]);
    expect(pairLockSeconds(p, 50)).toBe(p.pairMaxLockSeconds);
  });

  it('keeps the per-account limit far above what one client may try before its pair locks', () => {
    const p = DEFAULT_THROTTLE;
    expect(p.accountMaxFailures).toBeGreaterThanOrEqual(10 * p.pairMaxFailures);
    // One client is stopped by its own budget long before it could lock the account for everyone.
    expect(p.clientMaxFailures).toBeLessThan(p.accountMaxFailures);
  });
});
