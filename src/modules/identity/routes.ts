import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, requirePrincipal, SESSION_COOKIE } from '../../platform/http/access.js';
import { noContent } from '../../platform/http/responses.js';
import {
  LoginBody,
  LoginResult,
  NewStaffBody,
  Registration,
  StaffView,
  UserView,
  WalkInRegistration,
} from './schemas.js';
import type { IdentityService } from './service.js';

const tags = ['统一身份认证'];

export interface IdentityRouteOptions {
  loginRateLimitPerMinute: number;
  secureCookies: boolean;
}

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
        config: { access: access.public, rateLimit: { max: 30, timeWindow: '1 minute' } },
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
        const r = await identity.login(req.body.username, req.body.password, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        reply.header(
          'set-cookie',
          `${SESSION_COOKIE}=${r.token}; Path=/; HttpOnly; SameSite=Strict; Expires=${r.expiresAt.toUTCString()}${opts.secureCookies ? '; Secure' : ''}`,
        );
        return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        schema: { tags, summary: '退出登录（吊销当前会话）', response: { 204: noContent('已退出') } },
        config: { access: access.user, idempotent: false },
      },
      async (req, reply) => {
        if (req.sessionToken) await identity.logout(req.sessionToken);
        reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
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
        config: { access: access.staff('window') },
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
        config: { access: access.staff('window') },
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
        config: { access: access.staff('admin') },
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
          response: { 201: z.object({ id: z.string(), username: z.string() }) },
        },
        config: { access: access.staff('admin') },
      },
      async (req, reply) => reply.code(201).send(await identity.createStaff(requirePrincipal(req), req.body)),
    );
  };
}
