import type { Db, DbOrTx } from '../../platform/db/database.js';
import { tooManyRequests } from '../../platform/errors.js';
import * as repo from './throttle-repo.js';

/**
 * Failed-login limits (the contract's Conventions). Three counters, all in the database so that every
 * app process sees the same numbers:
 * - (account, client): a few failures lock this pair, with a delay that doubles each time. Another
 *   client — the owner at home — is not affected, so a stranger cannot lock anyone out.
 * - client across accounts: password spraying (one password tried on many names) from one address is
 *   refused after a budget of failures, whichever names it tries.
 * - account across clients: far higher, against a distributed guess at one account; the owner lifts
 *   it by SMS code (or an administrator does).
 * Unknown login names are counted exactly like accounts (under the blind index of the name), so a
 * locked or limited answer says nothing about whether the account exists. Successes never count.
 */
export interface ThrottlePolicy {
  pairMaxFailures: number;
  pairWindowSeconds: number;
  pairBaseLockSeconds: number;
  pairMaxLockSeconds: number;
  clientMaxFailures: number;
  clientWindowSeconds: number;
  clientLockSeconds: number;
  accountMaxFailures: number;
  accountWindowSeconds: number;
  accountLockSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  pairMaxFailures: 5,
  pairWindowSeconds: 15 * 60,
  pairBaseLockSeconds: 60,
  pairMaxLockSeconds: 60 * 60,
  clientMaxFailures: 20,
  clientWindowSeconds: 15 * 60,
  clientLockSeconds: 15 * 60,
  accountMaxFailures: 100,
  accountWindowSeconds: 60 * 60,
  accountLockSeconds: 30 * 60,
};

/** 1, 2, 4, 8 … minutes for the same pair, capped. */
export const pairLockSeconds = (p: ThrottlePolicy, lockCount: number) =>
  Math.min(p.pairMaxLockSeconds, p.pairBaseLockSeconds * 2 ** Math.min(lockCount, 20));

export function createThrottle(db: Db, policy: ThrottlePolicy) {
  const counters = (subject: string | null, client: string) => {
    const list: repo.Counter[] = [{ scope: 'client', subject: client }];
    if (subject) {
      list.push({ scope: 'pair', subject: `${subject}|${client}` });
      list.push({ scope: 'account', subject });
    }
    return list;
  };

  return {
    /** 429 when any counter of this attempt is locked; the same answer whoever the name belongs to. */
    async check(subject: string | null, client: string): Promise<void> {
      const until = await repo.lockedUntil(db, counters(subject, client));
      if (!until) return;
      const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
      throw tooManyRequests(
        `尝试次数过多，请${Math.ceil(seconds / 60)}分钟后再试；也可通过短信验证码解锁或找回密码`,
        seconds,
      );
    },

    async fail(subject: string | null, client: string, tx: DbOrTx = db): Promise<void> {
      await repo.countFailure(
        tx,
        { scope: 'client', subject: client },
        {
          max: policy.clientMaxFailures,
          windowSeconds: policy.clientWindowSeconds,
          lockSeconds: () => policy.clientLockSeconds,
        },
      );
      if (!subject) return;
      await repo.countFailure(
        tx,
        { scope: 'pair', subject: `${subject}|${client}` },
        {
          max: policy.pairMaxFailures,
          windowSeconds: policy.pairWindowSeconds,
          lockSeconds: (n) => pairLockSeconds(policy, n),
        },
      );
      await repo.countFailure(
        tx,
        { scope: 'account', subject },
        {
          max: policy.accountMaxFailures,
          windowSeconds: policy.accountWindowSeconds,
          lockSeconds: () => policy.accountLockSeconds,
        },
      );
    },

    /** A success forgets this pair's failures (not the client's: one good account must not reset a spray). */
    succeeded: (subject: string, client: string) =>
      repo.clear(db, { scope: 'pair', subject: `${subject}|${client}` }),

    /** Unlock: every counter of the account, from every client. */
    unlockIn: (tx: DbOrTx, subject: string) => repo.clearAccount(tx, subject),

    lockedAmong: (subjects: string[]) => repo.lockedSubjects(db, subjects),

    purge: () => repo.purgeIdle(db, 24),
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
