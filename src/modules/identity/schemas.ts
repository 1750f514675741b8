import { z } from 'zod';
import { ROLES } from '../../platform/http/access.js';
import { checkIdNumber } from './id-number.js';
import { checkPasswordStrength } from './password.js';
import { checkPhone } from './phone.js';
import { checkUscc } from './uscc.js';

type Check = (v: string) => { ok: true; value: string } | { ok: false; message: string };

/** A string field checked by a national-standard validator, normalised (e.g. `x` → `X`) on success. */
const checked = (check: Check) =>
  z.string().transform((v, ctx) => {
    const r = check(v.trim());
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });

const password = z.string().superRefine((v, ctx) => {
  const problem = checkPasswordStrength(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const personName = z.string().trim().min(2, '姓名至少2个字').max(30, '姓名不能超过30个字');

export const PersonRegistration = z.object({
  type: z.literal('person'),
  name: personName,
  idNumber: checked(checkIdNumber).describe('居民身份证号码（GB 11643）'),
  phone: checked(checkPhone),
  password,
});

export const EnterpriseRegistration = z.object({
  type: z.literal('enterprise'),
  name: z.string().trim().min(2, '单位名称至少2个字').max(100, '单位名称不能超过100个字'),
  uscc: checked(checkUscc).describe('统一社会信用代码（GB 32100）'),
  legalRepName: personName,
  legalRepIdNumber: checked(checkIdNumber),
  phone: checked(checkPhone),
  password,
});

export const Registration = z.discriminatedUnion('type', [PersonRegistration, EnterpriseRegistration]);

export const WalkInRegistration = z.discriminatedUnion('type', [
  PersonRegistration.omit({ password: true }),
  EnterpriseRegistration.omit({ password: true }),
]);

export const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入账号').max(64),
  password: z.string().min(1, '请输入密码').max(128),
  /** Staff second factor: the 6-digit TOTP code (RFC 6238). */
  otp: z.string().trim().max(10).optional(),
});

const login = z.string().trim().min(1, '请输入账号').max(64);

/** username (ID number, USCC, phone or staff login name) or phone: either identifies the account. */
const accountRef = {
  username: login.optional().describe('身份证号、统一社会信用代码、手机号或工作人员账号'),
  phone: login.optional().describe('账号登记的手机号'),
};

const refOf = (v: { username?: string; phone?: string }) => (v.username ?? v.phone)!;

const requireRef = <T extends { username?: string; phone?: string }>(v: T, ctx: z.RefinementCtx) => {
  if (!v.username && !v.phone)
    ctx.addIssue({ code: 'custom', path: ['username'], message: '请输入账号或手机号' });
};

export const SmsCodeRequest = z
  .object({ ...accountRef, purpose: z.enum(['reset', 'claim', 'unlock']) })
  .superRefine(requireRef)
  .transform((v) => ({ login: refOf(v), purpose: v.purpose }));

const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '验证码为6位数字');

export const PasswordResetBody = z
  .object({ ...accountRef, code, newPassword: password })
  .superRefine(requireRef)
  .transform((v) => ({ login: refOf(v), code: v.code, newPassword: v.newPassword }));

export const UnlockBody = z
  .object({ ...accountRef, code })
  .superRefine(requireRef)
  .transform((v) => ({ login: refOf(v), code: v.code }));

export const UserView = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  kind: z.enum(['person', 'enterprise', 'staff']),
  roles: z.array(z.string()),
  regionCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
});

export const LoginResult = z.object({ token: z.string(), expiresAt: z.string(), user: UserView });

export const StaffView = UserView.extend({
  active: z.boolean(),
  otpEnrolled: z.boolean(),
  /** A login lock is running on this account (from some client, or for all). */
  locked: z.boolean(),
});

export const AccountLookup = z.object({
  id: z.string(),
  kind: z.enum(['person', 'enterprise', 'staff']),
  name: z.string(),
  regionCode: z.string().nullable(),
  numberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
});

export const OtpEnrolment = z.object({
  id: z.string(),
  username: z.string(),
  otpSecret: z.string().describe('TOTP 密钥（base32，RFC 6238 SHA-1 30 秒 6 位），仅此一次显示'),
  otpauthUrl: z.string(),
});

export const StaffChange = z
  .object({
    roles: z.array(z.enum(ROLES)).min(1, '至少选择一个角色').optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => v.roles !== undefined || v.active !== undefined, {
    message: '请指定角色或启用状态',
    path: ['roles'],
  });

export const AccountId = z.object({ id: z.uuid('账号编号格式不正确') });

export const NewStaffBody = z.object({
  username: z.string().regex(/^[a-z][a-z0-9_.-]{2,31}$/, '账号名为3至32位小写字母、数字或 _ . -，以字母开头'),
  name: personName,
  password,
  roles: z.array(z.enum(ROLES)).min(1, '至少选择一个角色'),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为6位或9位数字'),
  departmentCode: z.string().min(1).max(40).nullish(),
  phone: checked(checkPhone).nullish(),
});

export const PasswordChangeBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: password,
});
