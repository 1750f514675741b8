import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASE } from '../../platform/authz/index.js';
import { access, requirePrincipal } from '../../platform/http/access.js';
import type { SharingService } from './service.js';

const tags = ['数据共享'];
const Json = z.record(z.string(), z.unknown());

const Access = z.object({
  resource: z.string().describe('数据资源或电子证照名称'),
  resourceCode: z.string(),
  department: z.string().describe('使用数据的部门'),
  departmentCode: z.string(),
  purpose: z.string(),
  caseNo: z.string().nullable(),
  at: z.string(),
});

const Rate = z.object({ materials: z.number(), exempt: z.number(), rate: z.number() });

export function sharingRoutes(sharing: SharingService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/me/data-access',
      {
        schema: {
          tags,
          summary: '我的数据使用记录：谁因何读取了我的电子证照或共享数据',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ total: z.number(), items: z.array(Access) }) },
        },
        config: { access: access.user },
      },
      (req) => sharing.accessesAbout(requirePrincipal(req).id, req.query),
    );

    app.get(
      '/api/sharing/resources',
      {
        schema: {
          tags,
          summary: '数据共享资源目录',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  departmentKind: z.string(),
                  subject: z.enum(['person', 'enterprise']),
                  fields: z.array(z.object({ key: z.string(), label: z.string() })),
                }),
              ),
            }),
          },
        },
        config: { access: access.public },
      },
      async () => ({ items: await sharing.resources() }),
    );

    app.post(
      '/api/sharing/lookups',
      {
        schema: {
          tags,
          summary:
            '为本部门办理的办件查询共享数据：对象须为申请人或申请表所列当事人，资源须为事项材料所用，须写明用途（留痕并告知数据主体）',
          body: z.object({
            resource: z.string().trim().min(1, '请选择数据资源').max(64),
            subjectNumber: z.string().trim().min(1, '请填写公民身份号码或统一社会信用代码').max(32),
            purpose: z.string().trim().min(1, '请写明查询用途').max(200),
            caseId: z.uuid('办件编号格式不正确'),
          }),
          response: {
            200: z.object({
              resource: z.string(),
              resourceName: z.string(),
              departmentKind: z.string(),
              subject: z.string().describe('脱敏后的证件号码'),
              caseNo: z.string().nullable(),
              data: Json,
              updatedAt: z.string(),
              accessedAt: z.string(),
            }),
          },
        },
        // A window takes cases in but does not work them: only the department's case workers look up.
        config: {
          access: access.on(access.staff('reviewer', 'approver', 'issuer'), CASE.lookup, {
            in: 'body',
            key: 'caseId',
          }),
        },
      },
      (req) => sharing.lookupForCase(requirePrincipal(req), req.body),
    );

    app.get(
      '/api/admin/material-reduction',
      {
        schema: {
          tags,
          summary: '材料精简率：各事项、各部门类型免于提交的材料占比',
          response: {
            200: z.object({
              overall: Rate.extend({ items: z.number() }),
              departments: z.array(Rate.extend({ departmentKind: z.string(), items: z.number() })),
              items: z.array(
                Rate.extend({
                  code: z.string(),
                  name: z.string(),
                  subName: z.string(),
                  departmentKind: z.string(),
                }),
              ),
            }),
          },
        },
        config: { access: access.staff('admin', 'supervisor') },
      },
      () => sharing.reduction(),
    );
  };
}
