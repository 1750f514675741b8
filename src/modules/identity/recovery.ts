import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { SmsAdapter } from '../../platform/sms.js';
import { hashPassword } from './password.js';
import * as codes from './recovery-repo.js';
import * as repo from './repo.js';
import type { Account, Sealer } from './sealed.js';
import type { Throttle } from './throttle.js';

/**
 * Self-service by one-time SMS code to the phone on the account (实名 phone, registered by the person
 * or by a window clerk): reset a forgotten password, claim an account a clerk opened at the window
 * (set its first password), lift a login lock. Every answer is the same whether or not the account
 * exists; codes live 5 minutes, work once, are kept only as a keyed hash and die after 5 wrong tries.
 */
export type SmsPurpose = 'reset' | 'claim' | 'unlock';

export const SMS_CODE_TTL_SECONDS = 300;
const MAX_ATTEMPTS = 5;
/** Per account: one code a minute, five an hour (an SMS flood of one person costs money and nerves). */
const MIN_GAP_SECONDS = 60;
const MAX_PER_HOUR = 5;

const PURPOSE_TEXT: Record<SmsPurpose, string> = {
  reset: '重置登录密码',
  claim: '认领账号并设置登录密码',
  unlock: '解除登录锁定',
};

/**
 * A code request for a real account writes a row and calls the SMS gateway; one for an unknown name
 * does nothing. Every answer waits until this long after the request, so the time taken does not
 * tell the two apart (the gateway answers well within it; a slower one only delays the answer).
 */
const CODE_REQUEST_MIN_MS = 300;

const atLeast = async <T>(ms: number, work: Promise<T>): Promise<T> => {
  const [r] = await Promise.all([work, new Promise((res) => setTimeout(res, ms))]);
  return r;
};

const sameHex = (x: string, y: string) =>
  x.length === y.length && timingSafeEqual(Buffer.from(x, 'hex'), Buffer.from(y, 'hex'));

export const WALK_IN_PASSWORD_PREFIX = '!walk-in:';
const isWalkIn = (a: Account) => a.password_hash.startsWith(WALK_IN_PASSWORD_PREFIX);

export const invalidCode = () =>
  new AppError(400, 'sms_code_invalid', '验证码无效', '验证码错误或已失效，请重新获取', [
    { field: 'code', message: '验证码错误或已失效' },
  ]);

export interface RecoveryDeps {
  db: Db;
  sealer: Sealer;
  throttle: Throttle;
  sms: SmsAdapter;
  find(login: string): Promise<Account | undefined>;
}

export function createRecovery(deps: RecoveryDeps) {
  const { db, sealer, throttle } = deps;
  const codeHash = (id: string, code: string) => sealer.cipher.index('sms_code', `${id}:${code}`);

  /** Whether the account may receive a code for this purpose (silently no otherwise). */
  function eligible(a: Account | undefined, purpose: SmsPurpose): a is Account {
    if (!a?.active || !a.phone) return false;
    if (purpose === 'claim') return a.kind !== 'staff' && isWalkIn(a);
    if (purpose === 'reset') return !isWalkIn(a);
    return true;
  }

  /** Checks the code for the account; counts a wrong one against the code and the client. */
  async function consume(
    login: string,
    purposes: SmsPurpose[],
    code: string,
    client: string,
  ): Promise<Account> {
    await throttle.check(null, client);
    const a = await deps.find(login);
    const check = async () =>
      !!a &&
      (await transaction(db, async (tx) => {
        const live = await codes.liveSmsCodeForUpdate(tx, a.id, purposes, MAX_ATTEMPTS);
        if (!live) return false;
        if (!sameHex(live.code_hash, codeHash(live.id, code))) {
          await codes.countSmsAttempt(tx, live.id);
          return false;
        }
        return codes.spendSmsCode(tx, live.id);
      }));
    // Same pace for a real and an unknown account, and a slow one for a guesser.
    const ok = await atLeast(CODE_REQUEST_MIN_MS, check());
    if (!ok || !a) {
      await throttle.fail(null, client);
      throw invalidCode();
    }
    return a;
  }

  async function sendCode(login: string, purpose: SmsPurpose): Promise<{ expiresInSeconds: number }> {
    const a = await deps.find(login);
    if (eligible(a, purpose)) {
      const recent = await codes.recentSmsCodes(db, a.id, 60);
      const last = recent[0]?.created_at;
      const tooSoon = last && Date.now() - new Date(last).getTime() < MIN_GAP_SECONDS * 1000;
      if (!tooSoon && recent.length < MAX_PER_HOUR) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const id = randomUUID();
        await transaction(db, async (tx) => {
          await codes.insertSmsCode(tx, {
            id,
            accountId: a.id,
            purpose,
            codeHash: codeHash(id, code),
            ttlSeconds: SMS_CODE_TTL_SECONDS,
          });
          await appendEvent(tx, {
            aggregateType: 'account',
            aggregateId: a.id,
            type: 'sms_code.sent',
            payload: { purpose },
          });
        });
        await deps.sms.send(
          a.phone!,
          `【通办】您的验证码为${code}，用于${PURPOSE_TEXT[purpose]}，${SMS_CODE_TTL_SECONDS / 60}分钟内有效。如非本人操作，请忽略本短信并勿将验证码告知他人。`,
        );
      }
    }
    return { expiresInSeconds: SMS_CODE_TTL_SECONDS };
  }

  return {
    requestCode: (login: string, purpose: SmsPurpose): Promise<{ expiresInSeconds: number }> =>
      atLeast(CODE_REQUEST_MIN_MS, sendCode(login, purpose)),

    /** Reset (or, for a window-registered account, claim): new password, every session ended, locks lifted. */
    async resetPassword(login: string, code: string, newPassword: string, client: string): Promise<void> {
      const a = await consume(login, ['reset', 'claim'], code, client);
      const hash = await hashPassword(newPassword);
      await transaction(db, async (tx) => {
        await repo.setPassword(tx, a.id, hash);
        await repo.revokeAllSessions(tx, a.id);
        await throttle.unlockIn(tx, a.id);
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: a.id,
          type: isWalkIn(a) ? 'account.claimed' : 'password.reset',
          actorId: a.id,
          regionCode: a.region_code,
          payload: { via: 'sms' },
        });
      });
    },

    async unlock(login: string, code: string, client: string): Promise<void> {
      const a = await consume(login, ['unlock'], code, client);
      await transaction(db, async (tx) => {
        await throttle.unlockIn(tx, a.id);
        await repo.revokeAllSessions(tx, a.id);
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: a.id,
          type: 'account.unlocked',
          actorId: a.id,
          regionCode: a.region_code,
          payload: { via: 'sms' },
        });
      });
    },
  };
}
