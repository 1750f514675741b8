import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { sendProblem } from './problem.js';

const API_PREFIXES = ['/api/', '/docs', '/healthz', '/metrics'];

/**
 * Serves the built web app when there is one, and answers everything no route matched: API paths
 * with a 404 problem+json, other GETs with index.html (client-side routes of the SPA).
 */
export async function registerWebApp(app: FastifyInstance, distDir: string | null): Promise<boolean> {
  const hasWeb = distDir !== null && existsSync(`${distDir}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      // One wildcard route (exempt from access rules like any static file) instead of a route per file.
      wildcard: true,
      index: ['index.html'],
      setHeaders(res, path) {
        // Vite fingerprints assets, so they can be cached for good; index.html must always be fresh.
        const value = path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        const r = res as unknown as {
          header?: (k: string, v: string) => void;
          setHeader?: (k: string, v: string) => void;
        };
        if (r.setHeader) r.setHeader('cache-control', value);
        else r.header?.('cache-control', value);
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (
      hasWeb &&
      req.method === 'GET' &&
      !API_PREFIXES.some((p) => path.startsWith(p)) &&
      !/\.\w+$/.test(path)
    ) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .sendFile('index.html');
    }
    return sendProblem(reply, new AppError(404, 'not_found', '未找到', `接口 ${req.method} ${path} 不存在`));
  });
  return hasWeb;
}
