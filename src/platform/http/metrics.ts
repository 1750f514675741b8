import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors.js';
import { text } from './responses.js';

export interface MetricsSources {
  version: string;
  engine: string;
  poolStats(): { total: number; idle: number; waiting: number };
  /** METRICS_TOKEN: the scraper's bearer token; unset, /metrics refuses everyone. */
  token?: string;
}

const digest = (v: string) => createHash('sha256').update(v).digest();

/**
 * Metrics name routes, pool sizes and the build: enough to help an attacker plan, so only the
 * scraper that holds the token reads them (compared in constant time, through fixed-size digests).
 */
function authorised(req: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false;
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(auth.slice(7).trim()), digest(token));
}

/** Prometheus metrics on their own registry, so several apps in one test process don't collide. */
export function registerMetrics(app: FastifyInstance, src: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = src.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'tongban_build_info',
    help: 'Build information',
    labelNames: ['version', 'node', 'engine'],
    registers: [registry],
  }).set({ version: src.version, node: process.version, engine: src.engine }, 1);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['运维'],
        summary: 'Prometheus 监控指标（须携带 Authorization: Bearer <METRICS_TOKEN>）',
        produces: ['text/plain'],
        response: { 200: text('text/plain', 'Prometheus 文本格式的监控指标') },
      },
    },
    async (req, reply) => {
      if (!authorised(req, src.token))
        throw new AppError(
          401,
          'unauthenticated',
          '未授权',
          '读取监控指标需要 Authorization: Bearer <METRICS_TOKEN>',
          undefined,
          {
            'www-authenticate': 'Bearer realm="metrics"',
          },
        );
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}
