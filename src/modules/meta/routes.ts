import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.js';
import { ROLE_LABEL, ROLES } from '../../platform/principal.js';
import { Meta } from './schemas.js';

export interface MetaDeps {
  portalName: string;
  homeRegionCode: string;
  /** The region's name from the catalog (null before the first import). */
  regionName(code: string): Promise<string | null>;
  cases: Meta['cases'];
  uploads: Meta['uploads'];
}

/** GET /api/meta: what the web app would otherwise hard-code (labels, limits, deadlines, branding). */
export function metaRoutes(deps: MetaDeps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/meta',
      {
        schema: {
          tags: ['门户'],
          summary: '门户信息与业务规则（状态名称、容缺期限、上传限制等）',
          response: { 200: Meta },
        },
        config: { access: access.public },
      },
      async (_req, reply) => {
        // Deployment constants: a short shared cache spares every page load a round trip.
        reply.header('cache-control', 'public, max-age=300');
        return {
          portalName: deps.portalName,
          homeRegion: { code: deps.homeRegionCode, name: await deps.regionName(deps.homeRegionCode) },
          cases: deps.cases,
          roles: ROLES.map((code) => ({ code, label: ROLE_LABEL[code] })),
          uploads: deps.uploads,
        };
      },
    );
  };
}
