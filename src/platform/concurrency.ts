/** Why a permit was not granted. */
export class PermitRefused extends Error {
  constructor(readonly reason: 'queue_full' | 'timeout') {
    super(reason === 'queue_full' ? 'too many waiting for a permit' : 'no permit within the time allowed');
  }
}

interface Waiter {
  grant(release: () => void): void;
  timer: NodeJS.Timeout | null;
}

/**
 * A counting semaphore with a bounded queue and a bounded wait: work beyond what can run now waits
 * in order, and work beyond what may wait is refused at once, so an overload turns into quick
 * refusals instead of a queue that grows without end.
 */
export class Semaphore {
  #active = 0;
  readonly #queue: Waiter[] = [];

  constructor(
    readonly permits: number,
    readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {
    if (!(permits >= 1)) throw new Error('a semaphore needs at least one permit');
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves to a release function (call it exactly once); rejects with PermitRefused. */
  acquire(timeoutMs?: number): Promise<() => void> {
    if (this.#active < this.permits) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.maxWaiting) return Promise.reject(new PermitRefused('queue_full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, timer: null };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(new PermitRefused('timeout'));
        }, timeoutMs);
      }
      this.#queue.push(waiter);
    });
  }

  /** Runs `fn` holding a permit. */
  async run<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
    const release = await this.acquire(timeoutMs);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#queue.shift();
      if (next) {
        if (next.timer) clearTimeout(next.timer);
        // The permit passes straight to the next waiter: the count stays.
        next.grant(this.#releaser());
      } else {
        this.#active--;
      }
    };
  }
}
