import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
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
import type { DestinationStream } from 'pino';
import { z } from 'zod';
import { runWithContext } from '../context.js';
import { AppError } from '../errors.js';
import { fastifyLoggerOptions } from '../log.js';
import { badInput, checkRequestStrings, EDGE_LIMITS, parseJsonBody, uriTooLong } from './input-guard.js';
import { problemBody, registerProblemHandlers, sendProblem } from './problem.js';

// Validation messages in Chinese for every zod schema (一次性告知 applies to software too).
z.config(z.locales.zhCN());

export type App = ReturnType<typeof createServer>;

export interface ServerOptions {
  logLevel: string;
  version: string;
  bodyLimitBytes?: number;
  trustProxy?: boolean;
  /** Where log lines go (stdout unless given; the test suite captures them to scan for personal data). */
  logStream?: DestinationStream;
}

export function createServer(opts: ServerOptions) {
  const app = Fastify({
    logger: fastifyLoggerOptions(opts.logLevel, opts.logStream),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: opts.bodyLimitBytes ?? 20 * 1024 * 1024,
    // Only behind a known reverse proxy may X-Forwarded-For name the client (rate limits key on it).
    trustProxy: opts.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler,
    // A path Fastify's router cannot decode (`/x/%FF`) is bad input like any other.
    frameworkErrors: (err, _req, reply) =>
      sendProblem(
        reply,
        err.code === 'FST_ERR_BAD_URL'
          ? badInput([{ field: 'url', message: '请求地址含有无法解码的字符' }], '请求地址格式不正确')
          : new AppError(400, 'bad_request', '请求有误', err.message),
      ),
  }).withTypeProvider<ZodTypeProvider>();
  registerEdgeGuards(app as unknown as FastifyInstance);
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

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers over 16 KiB → 431, a
 * malformed request line → 400, a slow client → 408). Those answers are problem+json too.
 */
function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ([
          431,
          'Request Header Fields Too Large',
          problemBody(431, 'header_too_large', '请求头过大', `请求头（含请求地址）不能超过 16 KB`, [
            { field: 'headers', message: '请求头过大' },
          ]),
        ] as const)
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ([
            408,
            'Request Timeout',
            problemBody(408, 'request_timeout', '请求超时', '请求未在规定时间内发送完毕'),
          ] as const)
        : ([
            400,
            'Bad Request',
            problemBody(400, 'bad_request', '请求有误', '请求格式不符合 HTTP 协议', [
              { field: 'request', message: '请求格式不正确' },
            ]),
          ] as const);
  this.log.debug({ code: err.code }, 'client error');
  if (socket.writable) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}

/** The edge rules of input-guard.ts, wired once for every route. */
function registerEdgeGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if ((req.raw.url ?? '').length > EDGE_LIMITS.maxUrlLength) return sendProblem(reply, uriTooLong());
  });
  app.addHook('preValidation', async (req) => {
    checkRequestStrings(req.params, req.query);
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
