import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/index.js';
import { validationFailed } from '../../platform/errors.js';
import { access } from '../../platform/http/access.js';

const tags = ['安全审计'];

const instant = (label: string) =>
  z
    .string()
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
      `${label}应为日期或时间（ISO 8601）`,
    )
    .transform((v, ctx) => {
      // A bare date is a day in China (Asia/Shanghai), as the offices that read the log count days.
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v);
      if (Number.isNaN(d.getTime())) {
        ctx.addIssue({ code: 'custom', message: `${label}不是有效的日期` });
        return z.NEVER;
      }
      return d;
    });

const Query = z.object({
  from: instant('起始时间').optional(),
  to: instant('截止时间').optional(),
  actor: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    .regex(/^[^\u0000-\u001f\u007f]*$/, '操作人不能含控制字符')
    .optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]*\*?$/, '操作名由小写字母、数字和 . _ - 组成，可以 * 结尾表示前缀')
    .max(100)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const Entry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  role: z.string().nullable(),
  client: z.string().nullable(),
  action: z.string(),
  object: z.string().nullable(),
  outcome: z.string(),
});

/**
 * 安全审计: the log is read by the auditor alone (三员分立 — the administrator, whose actions are in it,
 * does not audit them). Reading it is itself recorded.
 */
export function auditRoutes(audit: AuditLog) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/admin/audit',
      {
        schema: {
          tags,
          summary: '安全审计日志（审计员；按时间、操作人、操作筛选，新记录在前）',
          querystring: Query,
          response: { 200: z.object({ total: z.number(), items: z.array(Entry) }) },
        },
        config: { access: access.staff('auditor'), audit: { action: 'audit.read', object: 'none' } },
      },
      async (req) => {
        const q = req.query;
        if (q.from && q.to && q.from > q.to)
          throw validationFailed([{ field: 'to', message: '截止时间不能早于起始时间' }]);
        return audit.list(q);
      },
    );
  };
}
