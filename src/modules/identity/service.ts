import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { AppError, conflict, forbidden, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal, Role, SessionResolver } from '../../platform/http/access.js';
import { maskIdNumber } from './id-number.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import { maskPhone } from './phone.js';
import * as repo from './repo.js';

export interface RegionDirectory {
  /** The region and every region below it. */
  subtree(code: string): Promise<string[]>;
  department(code: string): Promise<{ code: string; regionCode: string } | undefined>;
}

export interface IdentityOptions {
  sessionTtlHours: number;
  /** 等保 2.0 asks for a session timeout on inactivity. */
  idleMinutes: number;
  maxFailedLogins: number;
  lockMinutes: number;
}

export const DEFAULT_IDENTITY_OPTIONS: IdentityOptions = {
  sessionTtlHours: 8,
  idleMinutes: 30,
  maxFailedLogins: 5,
  lockMinutes: 15,
};

export type PersonRegistration = {
  type: 'person';
  name: string;
  idNumber: string;
  phone: string;
  password: string;
};
export type EnterpriseRegistration = {
  type: 'enterprise';
  name: string;
  uscc: string;
  legalRepName: string;
  legalRepIdNumber: string;
  phone: string;
  password: string;
};

export interface NewStaff {
  username: string;
  name: string;
  password: string;
  roles: Role[];
  regionCode: string;
  departmentCode?: string | null;
  phone?: string | null;
}

export function presentUser(a: repo.AccountRow): Principal {
  return {
    id: a.id,
    kind: a.kind,
    username: a.username,
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

/** The account row of a person (username = ID number) or an enterprise (username = USCC). */
function applicantAccount(
  input: Omit<PersonRegistration, 'password'> | Omit<EnterpriseRegistration, 'password'>,
  passwordHash: string,
): repo.NewAccount {
  const common = {
    id: randomUUID(),
    name: input.name,
    phone: input.phone,
    password_hash: passwordHash,
    roles: [],
    department_code: null,
  };
  if (input.type === 'person') {
    return {
      ...common,
      kind: 'person',
      username: input.idNumber,
      id_number: input.idNumber,
      uscc: null,
      legal_rep_name: null,
      legal_rep_id_number: null,
      region_code: input.idNumber.slice(0, 6),
    };
  }
  return {
    ...common,
    kind: 'enterprise',
    username: input.uscc,
    id_number: null,
    uscc: input.uscc,
    legal_rep_name: input.legalRepName,
    legal_rep_id_number: input.legalRepIdNumber,
    // GB 32100: characters 3–8 are the registering authority's region.
    region_code: input.uscc.slice(2, 8),
  };
}

const identifyingKeys = (a: repo.NewAccount) => ({
  idNumber: a.id_number ?? undefined,
  uscc: a.uscc ?? undefined,
  phone: a.phone ?? undefined,
  username: a.username,
});

export function createIdentityService(db: Db, regions: RegionDirectory, opts = DEFAULT_IDENTITY_OPTIONS) {
  async function insertNew(account: repo.NewAccount, actorId: string | null): Promise<void> {
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

  async function assertFree(keys: { idNumber?: string; uscc?: string; phone?: string; username?: string }) {
    const taken = await repo.findTaken(db, keys);
    if (taken.length === 0) return;
    const what: string[] = [];
    if (keys.idNumber && taken.some((t) => t.id_number === keys.idNumber)) what.push('公民身份号码');
    if (keys.uscc && taken.some((t) => t.uscc === keys.uscc)) what.push('统一社会信用代码');
    if (keys.phone && taken.some((t) => t.phone === keys.phone)) what.push('手机号');
    if (keys.username && taken.some((t) => t.username === keys.username)) what.push('账号名');
    throw conflict(
      'already_registered',
      `该${what.join('、')}已注册账号，请直接登录或找回密码`,
      '账号已存在',
    );
  }

  return {
    async register(
      input: PersonRegistration | EnterpriseRegistration,
    ): Promise<{ id: string; username: string }> {
      const account = applicantAccount(input, await hashPassword(input.password));
      await assertFree(identifyingKeys(account));
      await insertNew(account, null);
      return { id: account.id, username: account.username };
    },

    async login(username: string, password: string, client: { ip: string | null; userAgent: string | null }) {
      const account = await repo.findAccountByLogin(db, username.trim());
      if (!account?.active) {
        await burnPasswordCheck(password);
        throw new AppError(401, 'invalid_credentials', '登录失败', '账号或密码错误');
      }
      if (account.locked_until && account.locked_until > new Date()) {
        const seconds = (account.locked_until.getTime() - Date.now()) / 1000;
        throw new AppError(
          429,
          'account_locked',
          '账号已锁定',
          `密码错误次数过多，账号已锁定，请${Math.ceil(seconds / 60)}分钟后再试`,
          undefined,
          { 'retry-after': String(Math.ceil(seconds)) },
        );
      }
      if (!(await verifyPassword(account.password_hash, password))) {
        const after = await transaction(db, async (tx) => {
          const r = await repo.recordFailedLogin(tx, account.id, opts.maxFailedLogins, opts.lockMinutes);
          await appendEvent(tx, {
            aggregateType: 'account',
            aggregateId: account.id,
            type: r.locked_until && r.locked_until > new Date() ? 'account.locked' : 'login.failed',
            payload: { ip: client.ip },
          });
          return r;
        });
        const left = opts.maxFailedLogins - after.failed_logins;
        const locked = after.locked_until && after.locked_until > new Date();
        throw new AppError(
          401,
          'invalid_credentials',
          '登录失败',
          locked ? `账号或密码错误，账号已锁定${opts.lockMinutes}分钟` : `账号或密码错误，还可尝试${left}次`,
        );
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = await transaction(db, async (tx) => {
        await repo.clearFailedLogins(tx, account.id);
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
      return { token, expiresAt, user: presentUser(account) };
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
        if (!row) return null;
        if (row.needs_touch) await repo.touchSession(db, hash);
        return presentUser(row);
      },
    } satisfies SessionResolver,

    async me(principal: Principal) {
      const a = await repo.findAccountById(db, principal.id);
      return a ? presentUser(a) : principal;
    },

    async listStaff(actor: Principal) {
      if (!actor.regionCode) throw forbidden('账号未设置管辖区划');
      const rows = await repo.listStaff(db, await regions.subtree(actor.regionCode));
      return rows.map((a) => ({ ...presentUser(a), active: a.active }));
    },

    async createStaff(actor: Principal, s: NewStaff): Promise<{ id: string; username: string }> {
      if (!actor.regionCode) throw forbidden('账号未设置管辖区划');
      const scope = await regions.subtree(actor.regionCode);
      if (!scope.includes(s.regionCode)) throw forbidden('不能在本账号管辖区划之外创建工作人员账号');
      if (s.departmentCode) {
        const dept = await regions.department(s.departmentCode);
        if (!dept) throw validationFailed([{ field: 'departmentCode', message: '部门不存在' }]);
        if (dept.regionCode !== s.regionCode) {
          throw validationFailed([{ field: 'departmentCode', message: '部门不属于所选区划' }]);
        }
      }
      await assertFree({ username: s.username, phone: s.phone ?? undefined });
      const id = randomUUID();
      await insertNew(
        {
          id,
          kind: 'staff',
          username: s.username,
          name: s.name,
          id_number: null,
          uscc: null,
          phone: s.phone ?? null,
          legal_rep_name: null,
          legal_rep_id_number: null,
          password_hash: await hashPassword(s.password),
          roles: [...new Set(s.roles)],
          region_code: s.regionCode,
          department_code: s.departmentCode ?? null,
        },
        actor.id,
      );
      return { id, username: s.username };
    },

    countAccounts: () => repo.countAccounts(db),

    /** An applicant (person or enterprise) by account id, for case intake. */
    async applicant(id: string) {
      const a = await repo.findAccountById(db, id);
      if (!a || a.kind === 'staff') return undefined;
      return {
        id: a.id,
        kind: a.kind as 'person' | 'enterprise',
        name: a.name,
        phone: a.phone,
        idNumber: a.id_number,
        uscc: a.uscc,
        // A party of the enterprise's cases whose shared records a lookup may read (authz).
        legalRepIdNumber: a.legal_rep_id_number,
      };
    },

    async names(ids: string[]): Promise<Map<string, string>> {
      return new Map((await repo.namesOf(db, ids)).map((r) => [r.id, r.name]));
    },

    /** 一窗受理: the window finds a walk-in applicant by ID number or USCC. */
    async findApplicant(number: string) {
      const a = await repo.findApplicantByNumber(db, number.trim());
      if (!a) return undefined;
      return {
        id: a.id,
        kind: a.kind as 'person' | 'enterprise',
        name: a.name,
        phoneMasked: a.phone ? maskPhone(a.phone) : null,
        numberMasked: a.id_number ? maskIdNumber(a.id_number) : a.uscc,
      };
    },

    /**
     * Registers a walk-in applicant at the window (no password: the person can claim the account later
     * by setting one). Same duplicate rules as self-registration.
     */
    async registerWalkIn(
      actor: Principal,
      input: Omit<PersonRegistration, 'password'> | Omit<EnterpriseRegistration, 'password'>,
    ) {
      // No usable password: the applicant claims the account later by setting one.
      const account = applicantAccount(input, `!walk-in:${randomBytes(16).toString('hex')}`);
      await assertFree(identifyingKeys(account));
      await insertNew(account, actor.id);
      return { id: account.id, name: input.name, kind: input.type };
    },

    /** Inserts a prepared account (demo seeding); skips one whose username exists. */
    async ensureAccount(
      a: Omit<repo.NewAccount, 'id' | 'password_hash'> & { password: string },
    ): Promise<boolean> {
      const taken = await repo.findTaken(db, { username: a.username });
      if (taken.length) return false;
      const { password, ...rest } = a;
      await insertNew({ ...rest, id: randomUUID(), password_hash: await hashPassword(password) }, null);
      return true;
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
