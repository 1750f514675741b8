import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runWithContext } from '../context.js';
import { loggerOptions } from '../log.js';
import { registerProblemHandlers } from './problem.js';

// Validation messages in Chinese for every zod schema (一次性告知 applies to software too).
z.config(z.locales.zhCN());

export type App = ReturnType<typeof createServer>;

export interface ServerOptions {
  logLevel: string;
  version: string;
  bodyLimitBytes?: number;
  trustProxy?: boolean;
}

export function createServer(opts: ServerOptions) {
  const app = Fastify({
    logger: loggerOptions(opts.logLevel),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: opts.bodyLimitBytes ?? 20 * 1024 * 1024,
    // Only behind a known reverse proxy may X-Forwarded-For name the client (rate limits key on it).
    trustProxy: opts.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every request runs inside its own context (platform/context.ts): who, from where, which key.
  app.addHook('onRequest', (req, _reply, done) => {
    runWithContext({ requestId: req.id, principal: null, client: req.ip ?? null, idempotency: null }, done);
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  registerProblemHandlers(app as unknown as FastifyInstance);
  return app;
}

export async function registerHttpPlugins(app: App, version: string): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd injects its CSS-in-JS as <style> tags.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tongban 通办 API',
        description: '一体化政务服务平台接口。错误按 RFC 9457 返回 application/problem+json。',
        version,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
