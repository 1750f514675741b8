import { describe, expect, it } from 'vitest';
import { PermitRefused, Semaphore } from './concurrency.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Semaphore', () => {
  it('runs at most `permits` at once and hands a released permit to the next waiter in order', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          order.push(n);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(s.active).toBe(0);
  });

  it('refuses at once when the queue is full, and after the wait when no permit came', async () => {
    const s = new Semaphore(1, 1);
    const held = await s.acquire();
    const queued = s.acquire(30);
    await expect(s.acquire()).rejects.toMatchObject({ reason: 'queue_full' });
    await expect(queued).rejects.toBeInstanceOf(PermitRefused);
    expect(s.waiting).toBe(0);
    held();
    held(); // a second release is a no-op
    expect(s.active).toBe(0);
    const again = await s.acquire(10);
    expect(s.active).toBe(1);
    again();
  });
});
