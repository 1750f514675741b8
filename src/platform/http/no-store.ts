import type { FastifyInstance } from 'fastify';

/**
 * Personal data must not stay in a shared cache or the browser's disk cache (a kiosk in the service
 * hall is used by the next person): every answer to a signed-in request, every answer of the auth
 * paths and every answer to a write (a verification, a registration: about someone, never worth
 * caching) carries `Cache-Control: no-store`. One hook for every route, so a new route cannot forget it.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const personal =
      req.principal ||
      req.sessionToken ||
      req.url.startsWith('/api/auth/') ||
      req.url.startsWith('/api/me') ||
      (req.method !== 'GET' && req.method !== 'HEAD');
    // The web app's hashed bundles stay cacheable even for a browser that sends the session cookie.
    const data =
      req.url.startsWith('/api/') || String(reply.getHeader('content-type') ?? '').includes('json');
    if (personal && data) reply.header('cache-control', 'no-store');
    return payload;
  });
}
