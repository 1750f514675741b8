import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentContext } from '../context.js';
import { forbidden, unauthorized } from '../errors.js';
import type { Principal, Role } from '../principal.js';

export { type Principal, ROLES, type Role } from '../principal.js';

/**
 * GB/T 2260: a province-level code ends in 0000 (provinces, autonomous regions and the
 * municipalities directly under the central government alike).
 */
export const isProvinceCode = (code: string | null | undefined) => !!code && /^\d{2}0000$/.test(code);

/**
 * The parts of a platform/authz `Policy` and `WorkflowAuthz` a route declaration carries (declared
 * here structurally so that the HTTP layer does not import the authorization layer that imports it).
 */
export interface DeclaredPolicy {
  readonly name: string;
  readonly kind: string;
  readonly see: unknown;
  readonly do: unknown;
}
export interface DeclaredWorkflow {
  readonly name: string;
  readonly kind: string;
  readonly actions: Readonly<Record<string, unknown>>;
}

/**
 * Where a request names the object a route touches, and the rule (platform/authz/policies.ts) the
 * service enforces on it once it has loaded the object. Declared beside the path so that the
 * generated access matrix (test/integration/access-matrix.test.ts) can build own and foreign objects
 * of the kind and prove the route answers exactly as the rule says.
 */
export interface RouteObject {
  /** An authz `ObjectKind`. */
  kind: string;
  /** `response`: the route lists objects of the kind under `key`, each one the caller may see. */
  in: 'params' | 'query' | 'body' | 'response';
  key: string;
  /** The object-level rule; for a workflow route, `workflow` instead (the body's `action` picks one). */
  policy?: DeclaredPolicy;
  workflow?: DeclaredWorkflow;
}

/**
 * Who may call a route, stated beside its path: the kind of account and roles (checked here, before
 * the body is read), the level of the caller's own region (`province`), and the object it touches
 * (checked by the service through platform/authz, which knows the object).
 */
export type Access = (
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'applicant' }
  | { kind: 'staff'; roles: readonly Role[] }
) & { level?: 'province'; object?: RouteObject };

export const access = {
  public: { kind: 'public' } as Access,
  /** any signed-in account */
  user: { kind: 'user' } as Access,
  /** a person or an enterprise (办事人) */
  applicant: { kind: 'applicant' } as Access,
  staff: (...roles: Role[]): Access => ({ kind: 'staff', roles }),
  /** Only an account whose own region is a province (calendar years, catalog imports). */
  province: (rule: Access): Access => ({ ...rule, level: 'province' }),
  /** Declares that the route lists objects (under `key` of its answer) the policy lets the caller see. */
  lists: (rule: Access, what: DeclaredPolicy, key = 'items'): Access => ({
    ...rule,
    object: { kind: what.kind, in: 'response', key, policy: what },
  }),
  /** Declares the object the route touches and the policy (or workflow) its service enforces. */
  on: (
    rule: Access,
    what: DeclaredPolicy | DeclaredWorkflow,
    where: { in: Exclude<RouteObject['in'], 'response'>; key: string } = { in: 'params', key: 'id' },
  ): Access => ({
    ...rule,
    object:
      'see' in what
        ? { kind: what.kind, ...where, policy: what }
        : { kind: what.kind, ...where, workflow: what },
  }),
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
  if (rule.level === 'province' && (p.kind !== 'staff' || !isProvinceCode(p.regionCode))) return 'forbidden';
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
