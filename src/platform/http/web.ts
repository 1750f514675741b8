import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { sendProblem } from './problem.js';

const API_PREFIXES = ['/api/', '/docs', '/healthz', '/metrics'];

/** Serves the built web app; any other GET that is not an API path gets index.html (client-side routes). */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(`${distDir}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    setHeaders(res, path) {
      // Vite fingerprints assets, so they can be cached for good; index.html must always be fresh.
      (res as unknown as { setHeader(k: string, v: string): void }).setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (req.method === 'GET' && !API_PREFIXES.some((p) => path.startsWith(p)) && !/\.\w+$/.test(path)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .sendFile('index.html');
    }
    return sendProblem(reply, new AppError(404, 'not_found', '未找到', `接口 ${req.method} ${path} 不存在`));
  });
  return true;
}
