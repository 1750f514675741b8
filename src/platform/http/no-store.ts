import type { FastifyInstance } from 'fastify';

/**
 * Personal data must not stay in a shared cache or the browser's disk cache (a kiosk in the service
 * hall is used by the next person): every answer to a signed-in request, and every answer of the
 * API's auth paths, carries `Cache-Control: no-store`. One hook for every route, so a new route
 * cannot forget it.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (
      req.principal ||
      req.sessionToken ||
      req.url.startsWith('/api/auth/') ||
      req.url.startsWith('/api/me')
    )
      reply.header('cache-control', 'no-store');
    return payload;
  });
}
