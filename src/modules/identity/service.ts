import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { AppError, conflict } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal, Role, SessionResolver } from '../../platform/http/access.js';
import type { SmsAdapter } from '../../platform/sms.js';
import { createAdministration } from './administration.js';
import { maskIdNumber } from './id-number.js';
import { checkOtp } from './otp.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import { maskPhone } from './phone.js';
import type { PiiCipher } from './pii-crypto.js';
import { createRecovery, WALK_IN_PASSWORD_PREFIX } from './recovery.js';
import * as codes from './recovery-repo.js';
import type { RegionDirectory } from './regions.js';
import {
  applicantAccount,
  type EnterpriseRegistration,
  type NewStaff,
  type PersonRegistration,
} from './registration.js';
import * as repo from './repo.js';
import { type Account, createSealer, type PlainAccount } from './sealed.js';
import { createThrottle, DEFAULT_THROTTLE, type ThrottlePolicy } from './throttle.js';

export type { RegionDirectory } from './regions.js';

export interface IdentityOptions {
  sessionTtlHours: number;
  /** 等保 2.0 asks for a session timeout on inactivity. */
  idleMinutes: number;
  throttle: ThrottlePolicy;
  /** false: accounts marked demo are refused (production without SEED_DEMO=1). */
  demoLogins: boolean;
}

export const DEFAULT_IDENTITY_OPTIONS: IdentityOptions = {
  sessionTtlHours: 8,
  idleMinutes: 30,
  throttle: DEFAULT_THROTTLE,
  demoLogins: true,
};

export interface IdentityDeps {
  db: Db;
  regions: RegionDirectory;
  /** SM4/HMAC-SM3 keys of the personal data (pii-crypto.ts). */
  cipher: PiiCipher;
  /** Where one-time codes go (platform/sms.ts). */
  sms: SmsAdapter;
  options?: Partial<IdentityOptions>;
}

export type { EnterpriseRegistration, NewStaff, PersonRegistration };

export interface LoginClient {
  ip: string | null;
  userAgent: string | null;
}

/** A person's login name is the ID number, shown masked: the username column holds no number. */
export function presentUser(a: Account): Principal {
  return {
    id: a.id,
    kind: a.kind,
    username: a.kind === 'person' && a.idNumber ? maskIdNumber(a.idNumber) : a.username,
    name: a.name,
    roles: a.roles as Role[],
    regionCode: a.region_code,
    departmentCode: a.department_code,
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

const invalidCredentials = () => new AppError(401, 'invalid_credentials', '登录失败', '账号或密码错误');

export function createIdentityService(deps: IdentityDeps) {
  const { db, regions } = deps;
  const opts: IdentityOptions = {
    ...DEFAULT_IDENTITY_OPTIONS,
    ...deps.options,
    throttle: { ...DEFAULT_THROTTLE, ...deps.options?.throttle },
  };
  const sealer = createSealer(deps.cipher);
  const throttle = createThrottle(db, opts.throttle);

  const open = (row: repo.AccountRow | undefined) => (row ? sealer.openRow(row) : undefined);

  // Every authenticated request resolves its principal; only a person's masked ID number needs a
  // decryption (~0.3 ms), and that never changes, so it is remembered (bounded; masked, not the number).
  const maskedIds = new Map<string, string>();
  function principalOf(row: repo.AccountRow): Principal {
    if (row.kind !== 'person' || !row.id_number_enc)
      return presentUser({ ...row, idNumber: null, phone: null, legalRepIdNumber: null });
    let masked = maskedIds.get(row.id);
    if (!masked) {
      masked = maskIdNumber(deps.cipher.decrypt(row.id_number_enc));
      if (maskedIds.size >= 10_000) maskedIds.clear();
      maskedIds.set(row.id, masked);
    }
    return {
      ...presentUser({ ...row, idNumber: null, phone: null, legalRepIdNumber: null }),
      username: masked,
    };
  }
  const find = async (login: string) => open(await repo.findAccountByLogin(db, sealer.loginKeys(login)));
  const recovery = createRecovery({ db, sealer, throttle, sms: deps.sms, find });

  async function insertNew(account: repo.NewAccountRow, actorId: string | null): Promise<void> {
    try {
      await transaction(db, async (tx) => {
        await repo.insertAccount(tx, account);
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: account.id,
          type: account.kind === 'staff' ? 'staff.created' : 'account.registered',
          actorId: actorId ?? account.id,
          regionCode: account.region_code,
          payload: { kind: account.kind, username: account.kind === 'staff' ? account.username : undefined },
        });
      });
    } catch (e) {
      // Two registrations racing for the same number: the unique index decides, the loser gets 409.
      if (isUniqueViolation(e))
        throw conflict('already_registered', '该证件号码、统一社会信用代码或手机号已注册', '账号已存在');
      throw e;
    }
  }

  async function assertFree(a: Pick<PlainAccount, 'id_number' | 'uscc' | 'phone'> & { username?: string }) {
    const keys = {
      idNumberBidx: a.id_number ? sealer.idIndex(a.id_number) : undefined,
      phoneBidx: a.phone ? sealer.phoneIndex(a.phone) : undefined,
      uscc: a.uscc ?? undefined,
      username: a.username,
    };
    const taken = await repo.findTaken(db, keys);
    if (taken.length === 0) return;
    const what: string[] = [];
    if (keys.idNumberBidx && taken.some((t) => t.id_number_bidx === keys.idNumberBidx))
      what.push('公民身份号码');
    if (keys.uscc && taken.some((t) => t.uscc === keys.uscc)) what.push('统一社会信用代码');
    if (keys.phoneBidx && taken.some((t) => t.phone_bidx === keys.phoneBidx)) what.push('手机号');
    if (keys.username && taken.some((t) => t.username === keys.username)) what.push('账号名');
    throw conflict(
      'already_registered',
      `该${what.join('、')}已注册账号，请直接登录或找回密码`,
      '账号已存在',
    );
  }

  const administration = createAdministration({
    db,
    regions,
    cipher: deps.cipher,
    sealer,
    throttle,
    open,
    find,
    principalOf,
    insertNew,
    assertFree,
  });

  async function checkSecondFactor(a: Account, otp: string | undefined, client: string): Promise<void> {
    if (a.kind !== 'staff' || a.demo) return;
    if (!otp)
      throw new AppError(
        401,
        'otp_required',
        '需要动态口令',
        a.otp_secret_enc
          ? '请输入动态口令（身份验证器中的6位数字）'
          : '账号尚未绑定动态口令，请联系管理员开通',
      );
    const step = a.otp_secret_enc ? checkOtp(a.username, deps.cipher.decrypt(a.otp_secret_enc), otp) : null;
    if (step === null || !(await repo.claimOtpStep(db, a.id, step))) {
      await throttle.fail(a.id, client);
      throw new AppError(401, 'otp_invalid', '动态口令错误', '动态口令错误或已使用，请等待下一个口令');
    }
  }

  return {
    /** Seals personal numbers left in plaintext by databases from before migration 012 (idempotent). */
    sealLegacyPlaintext: () => sealer.sealLegacy(db),

    async register(
      input: PersonRegistration | EnterpriseRegistration,
    ): Promise<{ id: string; username: string }> {
      const id = randomUUID();
      const plain = applicantAccount(id, input);
      await assertFree(plain);
      await insertNew(sealer.sealNew(id, plain, await hashPassword(input.password)), null);
      // The name the person logs in with: their ID number (echoed to them alone) or the USCC.
      return { id, username: input.type === 'person' ? input.idNumber : input.uscc };
    },

    async login(username: string, password: string, client: LoginClient, otp?: string) {
      const from = client.ip ?? 'unknown';
      const account = await find(username);
      const subject = account?.id ?? sealer.unknownLogin(username);
      await throttle.check(subject, from);
      let passwordOk = false;
      if (account?.active && (opts.demoLogins || !account.demo))
        passwordOk = await verifyPassword(account.password_hash, password);
      else await burnPasswordCheck(password);
      if (!account || !passwordOk) {
        await transaction(db, async (tx) => {
          await throttle.fail(subject, from, tx);
          if (account)
            await appendEvent(tx, {
              aggregateType: 'account',
              aggregateId: account.id,
              type: 'login.failed',
              payload: { ip: client.ip },
            });
        });
        throw invalidCredentials();
      }
      await checkSecondFactor(account, otp, from);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = await transaction(db, async (tx) => {
        const exp = await repo.insertSession(tx, {
          tokenHash: hashToken(token),
          accountId: account.id,
          ttlHours: opts.sessionTtlHours,
          ip: client.ip,
          userAgent: client.userAgent,
        });
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: account.id,
          type: 'login.succeeded',
          actorId: account.id,
          payload: { ip: client.ip },
        });
        return exp;
      });
      await throttle.succeeded(account.id, from);
      return { token, expiresAt, user: presentUser(account) };
    },

    /**
     * The signed-in person changes their password: the current one is checked (a wrong one counts as a
     * failed login of this client), every other session ends, this one stays.
     */
    async changePassword(
      principal: Principal,
      token: string,
      current: string,
      next: string,
      client: LoginClient,
    ) {
      const from = client.ip ?? 'unknown';
      await throttle.check(principal.id, from);
      const a = open(await repo.findAccountById(db, principal.id));
      if (!a || !(await verifyPassword(a.password_hash, current))) {
        await throttle.fail(principal.id, from);
        throw new AppError(400, 'validation_failed', '输入校验未通过', '当前密码不正确', [
          { field: 'currentPassword', message: '当前密码不正确' },
        ]);
      }
      const hash = await hashPassword(next);
      await transaction(db, async (tx) => {
        await repo.setPassword(tx, a.id, hash);
        await repo.revokeAllSessions(tx, a.id, hashToken(token));
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: a.id,
          type: 'password.changed',
          actorId: a.id,
          regionCode: a.region_code,
        });
      });
    },

    async logout(token: string): Promise<void> {
      await transaction(db, async (tx) => {
        const accountId = await repo.revokeSession(tx, hashToken(token));
        if (accountId) {
          await appendEvent(tx, {
            aggregateType: 'account',
            aggregateId: accountId,
            type: 'logout',
            actorId: accountId,
          });
        }
      });
    },

    sessions: {
      async resolve(token: string): Promise<Principal | null> {
        const hash = hashToken(token);
        const row = await repo.findLiveSession(db, hash, opts.idleMinutes);
        if (!row || (row.demo && !opts.demoLogins)) return null;
        if (row.needs_touch) await repo.touchSession(db, hash);
        return principalOf(row);
      },
    } satisfies SessionResolver,

    async me(principal: Principal) {
      const a = open(await repo.findAccountById(db, principal.id));
      return a ? presentUser(a) : principal;
    },

    requestSmsCode: (login: string, purpose: 'reset' | 'claim' | 'unlock') =>
      recovery.requestCode(login, purpose),
    resetPassword: (login: string, code: string, newPassword: string, client: LoginClient) =>
      recovery.resetPassword(login, code, newPassword, client.ip ?? 'unknown'),
    unlockBySms: (login: string, code: string, client: LoginClient) =>
      recovery.unlock(login, code, client.ip ?? 'unknown'),

    ...administration,

    countAccounts: () => repo.countAccounts(db),

    /** An applicant (person or enterprise) by account id, for case intake. */
    async applicant(id: string) {
      const a = open(await repo.findAccountById(db, id));
      if (!a || a.kind === 'staff') return undefined;
      return {
        id: a.id,
        kind: a.kind as 'person' | 'enterprise',
        name: a.name,
        phone: a.phone,
        idNumber: a.idNumber,
        uscc: a.uscc,
        // The applicant fields of a form are filled from these (cases/applicant-fields.ts).
        legalRepName: a.legal_rep_name,
        legalRepIdNumber: a.legalRepIdNumber,
      };
    },

    /**
     * The holder of a licence, read through the caller's transaction (the case engine issues inside its
     * approval transaction; on the embedded engine a read on another connection would wait for it).
     */
    async holderIn(tx: DbOrTx, id: string) {
      const a = open(await repo.findAccountById(tx, id));
      if (!a) return undefined;
      return {
        id: a.id,
        kind: a.kind,
        name: a.name,
        id_number: a.idNumber,
        uscc: a.uscc,
        legal_rep_name: a.legal_rep_name,
      };
    },

    async names(ids: string[]): Promise<Map<string, string>> {
      return new Map((await repo.namesOf(db, ids)).map((r) => [r.id, r.name]));
    },

    /** 一窗受理: the window finds a walk-in applicant by ID number or USCC. */
    async findApplicant(number: string) {
      const n = number.trim();
      const a = open(
        await repo.findApplicantByNumber(db, { idNumberBidx: sealer.idIndex(n), uscc: n.toUpperCase() }),
      );
      if (!a) return undefined;
      return {
        id: a.id,
        kind: a.kind as 'person' | 'enterprise',
        name: a.name,
        phoneMasked: a.phone ? maskPhone(a.phone) : null,
        numberMasked: a.idNumber ? maskIdNumber(a.idNumber) : a.uscc,
      };
    },

    /**
     * Registers a walk-in applicant at the window (no password: the person claims the account later
     * by SMS code, POST /api/auth/sms-codes purpose claim). Same duplicate rules as self-registration.
     */
    async registerWalkIn(
      actor: Principal,
      input: Omit<PersonRegistration, 'password'> | Omit<EnterpriseRegistration, 'password'>,
    ) {
      const id = randomUUID();
      const plain = applicantAccount(id, input);
      await assertFree(plain);
      await insertNew(
        sealer.sealNew(id, plain, `${WALK_IN_PASSWORD_PREFIX}${randomBytes(16).toString('hex')}`),
        actor.id,
      );
      return { id, name: input.name, kind: input.type };
    },

    /**
     * Inserts a prepared account (demo seeding, test fixtures); skips one whose username exists.
     * Marked `demo`: its staff log in with the password alone, as the contract's demo accounts do.
     */
    async ensureAccount(
      a: PlainAccount & { password: string },
      o: { demo?: boolean } = {},
    ): Promise<boolean> {
      const taken = await repo.findTaken(db, { username: a.username });
      if (taken.length) return false;
      const { password, ...plain } = a;
      await insertNew(
        sealer.sealNew(randomUUID(), plain, await hashPassword(password), { demo: o.demo ?? true }),
        null,
      );
      return true;
    },

    /** Hourly: idle failure counters and long-dead SMS codes. */
    async purge(): Promise<number> {
      return (await throttle.purge()) + (await codes.purgeSmsCodes(db));
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
