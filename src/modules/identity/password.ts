import { hash, verify } from '@node-rs/argon2';
import { PermitRefused, Semaphore } from '../../platform/concurrency.js';
import { tooManyRequests } from '../../platform/errors.js';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough for 等保 level 3 and about 20 ms here.
const ARGON2ID = 2; // Algorithm.Argon2id: a const enum, which isolatedModules cannot inline
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * argon2 runs on libuv's thread pool, four threads shared with file I/O (uploads), DNS and zlib: a
 * flood of logins would queue everyone else's work behind it. At most `concurrency` hashes run at
 * once and at most `maxWaiting` wait; any more is refused at once (429 with Retry-After) instead of
 * joining a queue that only grows. Configured from PASSWORD_HASH_CONCURRENCY / PASSWORD_HASH_QUEUE.
 */
let slots = new Semaphore(2, 8);
/** A hash waits at most this long for a slot. */
const SLOT_WAIT_MS = 5_000;

export function configurePasswordHashing(opts: { concurrency: number; maxWaiting: number }): void {
  slots = new Semaphore(opts.concurrency, opts.maxWaiting);
}

const hashingBusy = () => tooManyRequests('当前登录请求过多，请稍后再试', 2);

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  let release: () => void;
  try {
    release = await slots.acquire(SLOT_WAIT_MS);
  } catch (err) {
    if (err instanceof PermitRefused) throw hashingBusy();
    throw err;
  }
  try {
    return await fn();
  } finally {
    release();
  }
}

export const hashPassword = (plain: string): Promise<string> => withSlot(() => hash(plain, OPTIONS));

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  return withSlot(async () => {
    try {
      return await verify(stored, plain);
    } catch {
      return false;
    }
  });
}

/** Verifying against a throwaway hash when no account matches keeps response time from revealing which usernames exist. */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(plain: string): Promise<void> {
  // Made once outside the slots: a refused first attempt must not leave a rejected promise behind.
  dummy ??= hash('tongban-dummy-password', OPTIONS);
  await verifyPassword(await dummy, plain);
}

/** 等保 2.0: at least 8 characters mixing three of upper case, lower case, digits and symbols. */
export function checkPasswordStrength(p: string): string | null {
  if (p.length < 8 || p.length > 64) return '密码长度应为8至64位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  if (classes < 3) return '密码需包含大写字母、小写字母、数字、符号中的至少三种';
  return null;
}
