import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, permits, type RouteRule, requirePrincipal } from './access.js';

/**
 * What the caller's role and region level admit, route by route, straight from the route table:
 * the web app shows a menu entry only when the server would accept its request, without a copy of
 * any rule (a city administrator is not offered the province's catalog import). Object-level rules
 * (scope, relation) are still decided when the call is made.
 */
export function permissionRoutes(rules: readonly RouteRule[]) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/me/permissions',
      {
        schema: {
          tags: ['身份认证'],
          summary: '当前账号按角色与区划层级可调用的接口（对象级规则在调用时判定）',
          response: {
            200: z.object({
              routes: z.array(z.string()).describe('「METHOD /path」，与 /docs/json 的路径一致'),
            }),
          },
        },
        config: { access: access.user },
      },
      async (req) => {
        const p = requirePrincipal(req);
        return {
          routes: rules.filter((r) => permits(r.access, p) === 'ok').map((r) => `${r.method} ${r.url}`),
        };
      },
    );
  };
}
