import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentContext } from '../context.js';
import { forbidden, unauthorized } from '../errors.js';

export const ROLES = [
  'window',
  'reviewer',
  'approver',
  'issuer',
  'agent',
  'supervisor',
  'inspector',
  'admin',
  'handler',
  'credit',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  username: string;
  name: string;
  roles: Role[];
  regionCode: string | null;
  departmentCode: string | null;
}

/**
 * Who may call a route, stated beside its path. Data scope (region subtree, department, own records)
 * is checked by the service, which knows the record.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'applicant' }
  | { kind: 'staff'; roles: readonly Role[] };

export const access = {
  public: { kind: 'public' } as Access,
  /** any signed-in account */
  user: { kind: 'user' } as Access,
  /** a person or an enterprise (办事人) */
  applicant: { kind: 'applicant' } as Access,
  staff: (...roles: Role[]): Access => ({ kind: 'staff', roles }),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionToken: string | null;
  }
}

export interface SessionResolver {
  resolve(token: string): Promise<Principal | null>;
}

export const SESSION_COOKIE = 'tb_session';

function tokenOf(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const cookie = req.headers.cookie;
  if (!cookie) return null;
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('=')) || null;
  }
  return null;
}

export function permits(rule: Access, p: Principal | null): 'ok' | 'unauthenticated' | 'forbidden' {
  if (rule.kind === 'public') return 'ok';
  if (!p) return 'unauthenticated';
  if (rule.kind === 'user') return 'ok';
  if (rule.kind === 'applicant') return p.kind === 'staff' ? 'forbidden' : 'ok';
  return p.kind === 'staff' && p.roles.some((r) => rule.roles.includes(r)) ? 'ok' : 'forbidden';
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access;
}

/**
 * Every route must declare its rule: a route without one refuses to register, so none is open by
 * accident. Returns the table of rules, which a test walks route by route.
 */
export function registerAccessControl(app: FastifyInstance, sessions: SessionResolver): RouteRule[] {
  const rules: RouteRule[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (route.config?.access) {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') rules.push({ method, url, access: route.config.access });
      }
      return;
    }
    if (url.startsWith('/docs') || url === '/healthz' || url === '/metrics' || url === '*' || url === '/*')
      return;
    throw new Error(`Route ${route.method} ${url} declares no access rule`);
  });
  app.addHook('onRequest', async (req) => {
    const rule = req.routeOptions.config?.access;
    const token = tokenOf(req);
    if (token) {
      req.sessionToken = token;
      req.principal = await sessions.resolve(token);
      const ctx = currentContext();
      if (ctx) ctx.principal = req.principal;
    }
    if (!rule) return;
    const verdict = permits(rule, req.principal);
    if (verdict === 'unauthenticated') throw unauthorized();
    if (verdict === 'forbidden') throw forbidden();
  });
  return rules;
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}
