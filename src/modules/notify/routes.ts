import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MESSAGE } from '../../platform/authz/index.js';
import { access, requirePrincipal } from '../../platform/http/access.js';
import { noContent } from '../../platform/http/responses.js';
import type { NotifyService } from './service.js';

const tags = ['消息'];

export function notifyRoutes(notify: NotifyService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/me/messages',
      {
        schema: {
          tags,
          summary: '站内信',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: {
            200: z.object({
              unread: z.number(),
              items: z.array(
                z.object({
                  id: z.number(),
                  caseId: z.string().nullable(),
                  title: z.string(),
                  body: z.string(),
                  createdAt: z.string(),
                  read: z.boolean(),
                }),
              ),
            }),
          },
        },
        config: { access: access.lists(access.user, MESSAGE.read) },
      },
      (req) => notify.inbox(requirePrincipal(req).id, req.query.limit, req.query.offset),
    );

    app.post(
      '/api/me/messages/:id/read',
      {
        schema: {
          tags,
          summary: '标记已读',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 204: noContent('已读') },
        },
        config: { access: access.on(access.user, MESSAGE.read) },
      },
      async (req, reply) => {
        await notify.markRead(requirePrincipal(req).id, req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
