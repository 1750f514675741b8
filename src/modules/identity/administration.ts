import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal, Role } from '../../platform/http/access.js';
import { maskIdNumber } from './id-number.js';
import { newOtpSecret } from './otp.js';
import { hashPassword } from './password.js';
import { maskPhone } from './phone.js';
import type { PiiCipher } from './pii-crypto.js';
import type { RegionDirectory } from './regions.js';
import type { NewStaff } from './registration.js';
import * as repo from './repo.js';
import type { Account, PlainAccount, Sealer } from './sealed.js';
import type { Throttle } from './throttle.js';

/** What the administration of accounts needs from the identity service's core. */
export interface AdministrationCore {
  db: Db;
  regions: RegionDirectory;
  cipher: PiiCipher;
  sealer: Sealer;
  throttle: Throttle;
  open(row: repo.AccountRow | undefined): Account | undefined;
  find(login: string): Promise<Account | undefined>;
  principalOf(row: repo.AccountRow): Principal;
  insertNew(account: repo.NewAccountRow, actorId: string | null): Promise<void>;
  assertFree(a: Pick<PlainAccount, 'id_number' | 'uscc' | 'phone'> & { username?: string }): Promise<void>;
}

/**
 * An administrator's work on accounts of their own region subtree (a city admin manages its own staff
 * only): staff creation with TOTP enrolment, role and activation changes, re-enrolment, unlocking.
 * Every change that alters what a session may do ends the account's sessions.
 */
export function createAdministration(core: AdministrationCore) {
  const { db, regions, sealer, throttle, open, find, principalOf, insertNew, assertFree } = core;

  /** An account inside the administrator's region subtree, or 404 (existence outside it is not revealed). */
  async function accountInScope(actor: Principal, id: string, kind?: 'staff'): Promise<Account> {
    if (!actor.regionCode) throw forbidden('账号未设置管辖区划');
    const a = /^[0-9a-f-]{36}$/i.test(id) ? open(await repo.findAccountById(db, id)) : undefined;
    const scope = await regions.subtree(actor.regionCode);
    if (!a?.region_code || !scope.includes(a.region_code) || (kind && a.kind !== kind))
      throw notFound('账号', id);
    return a;
  }

  return {
    /** An administrator of the account's region lifts its login locks (every client) and ends its sessions. */
    async unlockByAdmin(actor: Principal, accountId: string): Promise<void> {
      const a = await accountInScope(actor, accountId);
      await transaction(db, async (tx) => {
        await throttle.unlockIn(tx, a.id);
        await repo.revokeAllSessions(tx, a.id);
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: a.id,
          type: 'account.unlocked',
          actorId: actor.id,
          regionCode: a.region_code,
          payload: { via: 'admin' },
        });
      });
    },

    async listStaff(actor: Principal) {
      if (!actor.regionCode) throw forbidden('账号未设置管辖区划');
      const rows = await repo.listStaff(db, await regions.subtree(actor.regionCode));
      const locked = await throttle.lockedAmong(rows.map((r) => r.id));
      return rows.map((r) => ({
        ...principalOf(r),
        active: r.active,
        otpEnrolled: !!r.otp_secret_enc,
        locked: locked.has(r.id),
      }));
    },

    /**
     * An administrator finds an account of their region by its login name (ID number, USCC, phone or
     * staff name) to unlock it; outside the region it is 404, as an unknown name.
     */
    async lookupForAdmin(actor: Principal, login: string) {
      const a = await find(login);
      const inScope = a && (await accountInScope(actor, a.id).catch(() => undefined));
      if (!a || !inScope) throw notFound('账号', '（按登录名查询）');
      const locked = await throttle.lockedAmong([a.id]);
      return {
        id: a.id,
        kind: a.kind,
        name: a.name,
        regionCode: a.region_code,
        numberMasked: a.idNumber ? maskIdNumber(a.idNumber) : (a.uscc ?? null),
        phoneMasked: a.phone ? maskPhone(a.phone) : null,
        active: a.active,
        locked: locked.has(a.id),
      };
    },

    async createStaff(
      actor: Principal,
      s: NewStaff,
    ): Promise<{ id: string; username: string; otpSecret: string; otpauthUrl: string }> {
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
      const plain: PlainAccount = {
        kind: 'staff',
        username: s.username,
        name: s.name,
        id_number: null,
        uscc: null,
        phone: s.phone ?? null,
        legal_rep_name: null,
        legal_rep_id_number: null,
        roles: [...new Set(s.roles)],
        region_code: s.regionCode,
        department_code: s.departmentCode ?? null,
      };
      await assertFree(plain);
      const id = randomUUID();
      // The secret is shown this once (for the authenticator app) and stored sealed.
      const otp = newOtpSecret(s.username);
      await insertNew(
        sealer.sealNew(id, plain, await hashPassword(s.password), { otpSecret: otp.secret }),
        actor.id,
      );
      return { id, username: s.username, otpSecret: otp.secret, otpauthUrl: otp.url };
    },

    /** Role or activation change: the account's sessions end, so the old rights die with them. */
    async updateStaff(actor: Principal, id: string, change: { roles?: Role[]; active?: boolean }) {
      const a = await accountInScope(actor, id, 'staff');
      if (a.id === actor.id && (change.active === false || (change.roles && !change.roles.includes('admin'))))
        throw conflict('self_lockout', '不能停用本人账号或取消本人的管理员角色');
      const roles = change.roles ? [...new Set(change.roles)] : undefined;
      await transaction(db, async (tx) => {
        await repo.setRolesAndActive(tx, a.id, { roles, active: change.active });
        await repo.revokeAllSessions(tx, a.id);
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: a.id,
          type: 'staff.changed',
          actorId: actor.id,
          regionCode: a.region_code,
          payload: { roles, active: change.active, before: { roles: a.roles, active: a.active } },
        });
      });
      const after = open(await repo.findAccountById(db, a.id))!;
      const locked = await throttle.lockedAmong([a.id]);
      return {
        ...principalOf(after),
        active: after.active,
        otpEnrolled: !!after.otp_secret_enc,
        locked: locked.has(a.id),
      };
    },

    /** A new TOTP secret for a staff account (lost phone, or an account from before 2FA); ends its sessions. */
    async reenrolOtp(actor: Principal, id: string) {
      const a = await accountInScope(actor, id, 'staff');
      const otp = newOtpSecret(a.username);
      await transaction(db, async (tx) => {
        await repo.setOtpSecret(tx, a.id, core.cipher.encrypt(otp.secret));
        await repo.revokeAllSessions(tx, a.id);
        await appendEvent(tx, {
          aggregateType: 'account',
          aggregateId: a.id,
          type: 'staff.otp_enrolled',
          actorId: actor.id,
          regionCode: a.region_code,
        });
      });
      return { id: a.id, username: a.username, otpSecret: otp.secret, otpauthUrl: otp.url };
    },
  };
}
