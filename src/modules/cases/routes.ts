import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASE, DRAFT } from '../../platform/authz/index.js';
import { contentDisposition } from '../../platform/files/file-name.js';
import { access, requirePrincipal } from '../../platform/http/access.js';
import { binary, noContent } from '../../platform/http/responses.js';
import { NOTICE_KINDS } from './notices.js';
import { ActionResult, CaseCreated, CaseList, CaseView, DraftList, DraftSaved, TaskList } from './schemas.js';
import { CASE_WORKFLOW } from './scope.js';
import type { CaseService } from './service.js';
import { ACTIONS, STATUSES } from './state.js';

const tags = ['办件'];
const Id = z.object({ id: z.uuid('办件编号格式不正确') });
const RegionCode = z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为6位或9位数字');
const MaterialId = z.string().min(1).max(40);

const MaterialInput = z.union([
  z.object({ materialId: MaterialId, fileId: z.string().min(1).max(64) }),
  z.object({
    materialId: MaterialId,
    commitment: z.literal(true),
    commitmentText: z.string().max(2000).optional(),
  }),
  z.object({ materialId: MaterialId, deferred: z.literal(true) }),
]);

const Delivery = z.object({
  mode: z.enum(['window', 'express', 'electronic']),
  address: z.string().trim().max(200).optional(),
});

export const ApplyBody = z
  .object({
    itemCode: z.string().min(1).max(64).optional(),
    bundleCode: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('一件事：代替 itemCode，提交合并后的一张表和材料'),
    regionCode: RegionCode,
    form: z.record(z.string(), z.unknown()),
    materials: z.array(MaterialInput).max(200).default([]),
    delivery: Delivery,
    applicantId: z.uuid().optional().describe('综合窗口代办时：申请人账号'),
  })
  .superRefine((b, ctx) => {
    if (!b.itemCode === !b.bundleCode) {
      ctx.addIssue({
        code: 'custom',
        path: ['itemCode'],
        message: '请提供 itemCode（单个事项）或 bundleCode（一件事）之一',
      });
    }
  });

const ActionBody = z.object({
  action: z.enum(ACTIONS as [string, ...string[]]),
  comment: z.string().max(1000).optional(),
  stepId: z.string().max(40).optional(),
  materials: z.array(MaterialId).max(100).optional(),
  trackingNo: z.string().max(40).optional(),
});

export function caseRoutes(cases: CaseService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/cases',
      {
        schema: {
          tags,
          summary: '申请（网上申请，或综合窗口为申请人代为申请）',
          body: ApplyBody,
          response: { 201: CaseCreated },
        },
        // The service decides: an applicant for themselves, a window clerk for a walk-in applicant.
        config: { access: access.user },
      },
      async (req, reply) => {
        const { itemCode, bundleCode, ...rest } = req.body;
        const p = requirePrincipal(req);
        const created = bundleCode
          ? await cases.applyBundle(p, { ...rest, bundleCode })
          : await cases.apply(p, { ...rest, itemCode: itemCode! });
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/cases/applicant-fields',
      {
        schema: {
          tags,
          summary:
            '申请表中由实名账号填写的字段（申请人姓名、证件号码、统一社会信用代码、法定代表人），只读展示',
          querystring: z
            .object({
              itemCode: z.string().min(1).max(64).optional(),
              bundleCode: z.string().min(1).max(64).optional(),
              regionCode: RegionCode,
              applicantId: z.uuid().optional().describe('综合窗口代办时：申请人账号'),
            })
            .refine((q) => !q.itemCode !== !q.bundleCode, {
              path: ['itemCode'],
              message: '请提供 itemCode 或 bundleCode 之一',
            }),
          response: {
            200: z.object({ fields: z.array(z.object({ key: z.string(), value: z.string() })) }),
          },
        },
        // The service decides: an applicant for themselves, a window clerk for the applicant taken in.
        config: { access: access.user },
      },
      (req) => cases.applicantFields(requirePrincipal(req), req.query),
    );

    app.get(
      '/api/cases',
      {
        schema: {
          tags,
          summary: '我的办件（mine=1）',
          querystring: z.object({
            mine: z.enum(['1', 'true']).optional(),
            status: z.enum(STATUSES).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: CaseList },
        },
        config: { access: access.lists(access.applicant, CASE.read) },
      },
      (req) => cases.mine(requirePrincipal(req), req.query),
    );

    app.get(
      '/api/cases/:id',
      {
        schema: {
          tags,
          summary: '办件详情（申请人本人，或有权限的工作人员）',
          params: Id,
          response: { 200: CaseView },
        },
        config: { access: access.on(access.user, CASE.read) },
      },
      (req) => cases.get(requirePrincipal(req), req.params.id),
    );

    app.post(
      '/api/cases/:id/actions',
      {
        schema: {
          tags,
          summary:
            '办件操作：受理、容缺受理、不予受理、补正、重新提交、完成环节、退回、准予、不予许可、送达、撤回',
          params: Id,
          body: ActionBody,
          response: { 200: ActionResult },
        },
        config: { access: access.on(access.user, CASE_WORKFLOW) },
      },
      (req) => cases.act(requirePrincipal(req), req.params.id, req.body as Parameters<CaseService['act']>[2]),
    );

    app.post(
      '/api/cases/:id/materials',
      {
        schema: {
          tags,
          summary: '补交材料（补正或容缺后补）',
          params: Id,
          body: z.object({ materialId: MaterialId, fileId: z.string().min(1).max(64) }),
          response: { 200: CaseView },
        },
        config: { access: access.on(access.user, CASE.supply) },
      },
      (req) => cases.supplyMaterial(requirePrincipal(req), req.params.id, req.body),
    );

    app.get(
      '/api/cases/:id/notices/:kind',
      {
        schema: {
          tags,
          summary:
            '办件文书 PDF：受理通知书（acceptance）、补正材料通知书（correction）、不予受理决定书（rejection）',
          params: z.object({ id: z.uuid('办件编号格式不正确'), kind: z.enum(NOTICE_KINDS) }),
          response: { 200: binary('application/pdf', '盖章的 PDF 文书') },
        },
        config: { access: access.on(access.user, CASE.read) },
      },
      async (req, reply) => {
        const { pdf, fileName } = await cases.notice(requirePrincipal(req), req.params.id, req.params.kind);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName))
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );

    app.get(
      '/api/tasks',
      {
        schema: {
          tags,
          summary: '待办：按角色与数据范围，按期限排序（黄牌、红牌）',
          querystring: z.object({
            status: z.enum(STATUSES).optional(),
            itemCode: z.string().max(64).optional(),
            warning: z.enum(['none', 'yellow', 'red']).optional(),
            q: z.string().trim().max(40).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: TaskList },
        },
        config: { access: access.lists(access.staff('window', 'reviewer', 'approver', 'issuer'), CASE.read) },
      },
      (req) => cases.tasks(requirePrincipal(req), req.query),
    );

    app.get(
      '/api/cases/drafts',
      {
        schema: {
          tags,
          summary: '我的草稿',
          response: { 200: DraftList },
        },
        config: { access: access.lists(access.applicant, DRAFT.edit) },
      },
      async (req) => ({ items: await cases.drafts.list(requirePrincipal(req)) }),
    );

    const DraftBody = z.object({
      itemCode: z.string().max(64).optional(),
      regionCode: RegionCode.optional(),
      data: z.record(z.string(), z.unknown()),
    });

    app.post(
      '/api/cases/drafts',
      {
        schema: {
          tags,
          summary: '保存草稿',
          body: DraftBody,
          response: { 201: DraftSaved },
        },
        config: { access: access.applicant },
      },
      async (req, reply) =>
        reply.code(201).send(await cases.drafts.save(requirePrincipal(req), undefined, req.body)),
    );

    app.put(
      '/api/cases/drafts/:id',
      {
        schema: {
          tags,
          summary: '更新草稿',
          params: Id,
          body: DraftBody,
          response: { 200: DraftSaved },
        },
        config: { access: access.on(access.applicant, DRAFT.edit) },
      },
      (req) => cases.drafts.save(requirePrincipal(req), req.params.id, req.body),
    );

    app.delete(
      '/api/cases/drafts/:id',
      {
        schema: { tags, summary: '删除草稿', params: Id, response: { 204: noContent('已删除') } },
        config: { access: access.on(access.applicant, DRAFT.edit) },
      },
      async (req, reply) => {
        await cases.drafts.remove(requirePrincipal(req), req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
