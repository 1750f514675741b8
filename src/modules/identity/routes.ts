import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF } from '../../platform/authz/index.js';
import { access, requirePrincipal, SESSION_COOKIE } from '../../platform/http/access.js';
import { noContent } from '../../platform/http/responses.js';
import {
  AccountId,
  AccountLookup,
  LoginBody,
  LoginResult,
  NewStaffBody,
  OtpEnrolment,
  PasswordChangeBody,
  PasswordResetBody,
  Registration,
  SmsCodeRequest,
  StaffChange,
  StaffView,
  UnlockBody,
  UserView,
  WalkInRegistration,
} from './schemas.js';
import type { IdentityService } from './service.js';

const tags = ['统一身份认证'];

export interface IdentityRouteOptions {
  loginRateLimitPerMinute: number;
  smsRateLimitPerMinute?: number;
  secureCookies: boolean;
}

const clientOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null });

export function identityRoutes(identity: IdentityService, opts: IdentityRouteOptions) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/auth/register',
      {
        schema: {
          tags,
          summary: '个人或法人注册',
          body: Registration,
          response: { 201: z.object({ id: z.string(), username: z.string() }) },
        },
        config: {
          access: access.public,
          rateLimit: { max: 30, timeWindow: '1 minute' },
          audit: { action: 'account.register', object: 'response.id' },
        },
      },
      async (req, reply) => reply.code(201).send(await identity.register(req.body)),
    );

    app.post(
      '/api/auth/login',
      {
        schema: {
          tags,
          summary: '登录（身份证号、统一社会信用代码、手机号或工作人员账号）',
          body: LoginBody,
          response: { 200: LoginResult },
        },
        config: {
          access: access.public,
          idempotent: false,
          audit: 'auth.login',
          rateLimit: {
            max: opts.loginRateLimitPerMinute,
            timeWindow: '1 minute',
            // After body parsing, so the key really is address + username.
            hook: 'preHandler',
            keyGenerator: (req) =>
              `${req.ip} ${String((req.body as { username?: unknown })?.username ?? '').toLowerCase()}`,
          },
        },
      },
      async (req, reply) => {
        const r = await identity.login(
          req.body.username,
          req.body.password,
          { ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
          req.body.otp || undefined,
        );
        reply.header(
          'set-cookie',
          `${SESSION_COOKIE}=${r.token}; Path=/; HttpOnly; SameSite=Strict; Expires=${r.expiresAt.toUTCString()}${opts.secureCookies ? '; Secure' : ''}`,
        );
        return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
      },
    );

    app.post(
      '/api/auth/sms-codes',
      {
        schema: {
          tags,
          summary: '发送短信验证码（找回密码 reset、认领窗口代办账号 claim、解除登录锁定 unlock）',
          description: '无论账号是否存在都返回 202：验证码只发往账号登记的手机号。',
          body: SmsCodeRequest,
          response: { 202: z.object({ accepted: z.literal(true), expiresInSeconds: z.number() }) },
        },
        config: {
          access: access.public,
          idempotent: false,
          audit: { action: 'auth.sms_code', object: 'body.login', fields: ['purpose'] },
          rateLimit: { max: opts.smsRateLimitPerMinute ?? 5, timeWindow: '1 minute' },
        },
      },
      async (req, reply) => {
        const r = await identity.requestSmsCode(req.body.login, req.body.purpose);
        return reply.code(202).send({ accepted: true as const, ...r });
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        schema: {
          tags,
          summary: '凭短信验证码重置密码或认领账号（设置密码）；该账号的全部会话随即失效',
          body: PasswordResetBody,
          response: { 204: noContent('已重置') },
        },
        config: {
          access: access.public,
          idempotent: false,
          audit: { action: 'auth.password_reset', object: 'body.login' },
          rateLimit: { max: (opts.smsRateLimitPerMinute ?? 5) * 2, timeWindow: '1 minute' },
        },
      },
      async (req, reply) => {
        await identity.resetPassword(req.body.login, req.body.code, req.body.newPassword, clientOf(req));
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/auth/unlock',
      {
        schema: {
          tags,
          summary: '凭短信验证码解除登录锁定；该账号的全部会话随即失效',
          body: UnlockBody,
          response: { 204: noContent('已解除锁定') },
        },
        config: {
          access: access.public,
          idempotent: false,
          audit: { action: 'auth.unlock', object: 'body.login' },
          rateLimit: { max: (opts.smsRateLimitPerMinute ?? 5) * 2, timeWindow: '1 minute' },
        },
      },
      async (req, reply) => {
        await identity.unlockBySms(req.body.login, req.body.code, clientOf(req));
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/auth/logout',
      {
        schema: { tags, summary: '退出登录（吊销当前会话）', response: { 204: noContent('已退出') } },
        config: { access: access.user, idempotent: false, audit: { action: 'auth.logout', object: 'none' } },
      },
      async (req, reply) => {
        if (req.sessionToken) await identity.logout(req.sessionToken);
        reply.header(
          'set-cookie',
          `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${opts.secureCookies ? '; Secure' : ''}`,
        );
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/me/password',
      {
        schema: {
          tags,
          summary: '修改本人登录密码（其他会话随即失效）',
          body: PasswordChangeBody,
          response: { 204: noContent('已修改') },
        },
        config: {
          access: access.user,
          idempotent: false,
          audit: { action: 'account.password_change', object: 'none' },
        },
      },
      async (req, reply) => {
        await identity.changePassword(
          requirePrincipal(req),
          req.sessionToken ?? '',
          req.body.currentPassword,
          req.body.newPassword,
          clientOf(req),
        );
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/me',
      {
        schema: { tags, summary: '当前登录用户', response: { 200: UserView } },
        config: { access: access.user },
      },
      async (req) => identity.me(requirePrincipal(req)),
    );

    app.get(
      '/api/window/applicants',
      {
        schema: {
          tags,
          summary: '综合窗口：按身份证号或统一社会信用代码查找申请人',
          querystring: z.object({ number: z.string().trim().min(6, '请输入证件号码').max(20) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  kind: z.enum(['person', 'enterprise']),
                  name: z.string(),
                  phoneMasked: z.string().nullable(),
                  numberMasked: z.string().nullable(),
                }),
              ),
            }),
          },
        },
        config: {
          access: access.staff('window'),
          audit: { action: 'identity.applicant_lookup', object: 'query.number' },
        },
      },
      async (req) => {
        const found = await identity.findApplicant(req.query.number);
        return { items: found ? [found] : [] };
      },
    );

    app.post(
      '/api/window/applicants',
      {
        schema: {
          tags,
          summary: '综合窗口：现场为申请人登记账号（无需密码，申请人日后可自行设置）',
          body: WalkInRegistration,
          response: {
            201: z.object({ id: z.string(), name: z.string(), kind: z.enum(['person', 'enterprise']) }),
          },
        },
        config: {
          access: access.staff('window'),
          audit: { action: 'account.register_walk_in', object: 'response.id' },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await identity.registerWalkIn(requirePrincipal(req), req.body)),
    );

    app.get(
      '/api/admin/staff',
      {
        schema: {
          tags,
          summary: '本区划（含下级）工作人员账号',
          response: { 200: z.object({ items: z.array(StaffView) }) },
        },
        config: {
          access: access.lists(access.staff('admin'), STAFF.manage),
          audit: { action: 'staff.list', object: 'none' },
        },
      },
      async (req) => ({ items: await identity.listStaff(requirePrincipal(req)) }),
    );

    app.post(
      '/api/admin/staff',
      {
        schema: {
          tags,
          summary: '创建工作人员账号（限本区划及下级）',
          body: NewStaffBody,
          response: { 201: OtpEnrolment },
        },
        // The answer holds the TOTP secret: it is never stored by the idempotency layer (a retry
        // creates nothing twice anyway: the username is unique, so it gets 409 already_registered).
        config: {
          access: access.on(access.staff('admin'), STAFF.manage, { in: 'body', key: 'regionCode' }),
          idempotent: false,
          audit: {
            action: 'staff.create',
            object: 'body.username',
            fields: ['roles', 'regionCode', 'departmentCode'],
          },
        },
      },
      async (req, reply) => reply.code(201).send(await identity.createStaff(requirePrincipal(req), req.body)),
    );

    app.patch(
      '/api/admin/staff/:id',
      {
        schema: {
          tags,
          summary: '调整工作人员角色或启用状态（该账号的全部会话随即失效）',
          params: AccountId,
          body: StaffChange,
          response: { 200: StaffView },
        },
        config: {
          access: access.on(access.staff('admin'), STAFF.account, { in: 'params', key: 'id' }),
          audit: {
            action: 'staff.update',
            object: 'params.id',
            fields: ['roles', 'regionCode', 'departmentCode'],
          },
        },
      },
      async (req) => identity.updateStaff(requirePrincipal(req), req.params.id, req.body),
    );

    app.post(
      '/api/admin/staff/:id/otp',
      {
        schema: {
          tags,
          summary: '为工作人员重新生成动态口令密钥（仅此一次显示；原会话失效）',
          params: AccountId,
          response: { 200: OtpEnrolment },
        },
        config: {
          access: access.on(access.staff('admin'), STAFF.account, { in: 'params', key: 'id' }),
          idempotent: false,
          audit: { action: 'staff.otp_reset', object: 'params.id' },
        },
      },
      async (req) => identity.reenrolOtp(requirePrincipal(req), req.params.id),
    );

    app.get(
      '/api/admin/accounts',
      {
        schema: {
          tags,
          summary: '按登录名查找本区划账号（用于解除锁定）；区划外或不存在均为 404',
          querystring: z.object({ username: z.string().trim().min(1, '请输入登录名').max(64) }),
          response: { 200: AccountLookup },
        },
        config: { access: access.staff('admin') },
      },
      async (req) => identity.lookupForAdmin(requirePrincipal(req), req.query.username),
    );

    app.post(
      '/api/admin/accounts/:id/unlock',
      {
        schema: {
          tags,
          summary: '解除本区划账号的登录锁定（所有客户端；该账号的全部会话随即失效）',
          params: AccountId,
          response: { 204: noContent('已解除锁定') },
        },
        config: {
          access: access.on(access.staff('admin'), STAFF.account, { in: 'params', key: 'id' }),
          audit: { action: 'account.unlock', object: 'params.id' },
        },
      },
      async (req, reply) => {
        await identity.unlockByAdmin(requirePrincipal(req), req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
