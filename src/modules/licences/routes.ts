import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LICENCE } from '../../platform/authz/index.js';
import { contentDisposition } from '../../platform/files/file-name.js';
import { access, requirePrincipal } from '../../platform/http/access.js';
import { binary } from '../../platform/http/responses.js';
import type { LicenceService } from './service.js';

const tags = ['电子证照'];
// Any string: an id that is not a UUID is simply unknown (404), like any other.
const Id = z.object({ id: z.string().max(64) });
const Status = z.enum(['valid', 'revoked']);

const Licence = z.object({
  id: z.string(),
  identifier: z.string().describe('证照标识（GB/T 36903 样式，1.2.156.3005.2.…）'),
  typeCode: z.string(),
  name: z.string(),
  licenceNo: z.string().describe('证照编号'),
  holder: z.object({
    kind: z.enum(['person', 'enterprise']),
    name: z.string(),
    number: z.string().nullable().describe('持证人证件号码：本人可见全文，他人只见脱敏号码'),
  }),
  issuerDepartmentCode: z.string(),
  issuerName: z.string(),
  issuedAt: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable().describe('有效期至；null 为长期'),
  status: Status,
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  version: z.number(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  caseId: z.string().nullable(),
  caseNo: z.string().nullable(),
  data: z.record(z.string(), z.string()),
  fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
  keyId: z.string(),
  token: z.string().describe('二维码内容：签名数据，可用于核验'),
});

const Verification = z.object({
  valid: z.boolean(),
  reason: z.string().optional(),
  licence: z
    .object({
      identifier: z.string(),
      typeCode: z.string(),
      name: z.string(),
      holderName: z.string(),
      holderNumber: z.string(),
      issuerDepartmentCode: z.string().nullable(),
      issuerName: z.string().nullable(),
      issueDate: z.string(),
      validUntil: z.string().nullable(),
      status: Status.nullable(),
    })
    .optional(),
});

export function licenceRoutes(licences: LicenceService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/licences',
      {
        schema: {
          tags,
          summary: '我的证照（mine=1）；工作人员不带 mine 时为本部门签发的证照',
          querystring: z.object({
            mine: z.enum(['0', '1', 'true', 'false']).optional(),
            typeCode: z.string().max(40).optional(),
            status: Status.optional(),
            limit: z.coerce.number().int().min(1).max(100).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ total: z.number(), items: z.array(Licence) }) },
        },
        config: { access: access.lists(access.user, LICENCE.list) },
      },
      (req) =>
        licences.list(requirePrincipal(req), {
          mine: req.query.mine === '1' || req.query.mine === 'true',
          typeCode: req.query.typeCode,
          status: req.query.status,
          limit: req.query.limit,
          offset: req.query.offset,
        }),
    );

    app.post(
      '/api/licences/verify',
      {
        schema: {
          tags,
          summary: '核验电子证照（二维码内容）：签名、有效期、注销状态',
          body: z.object({ token: z.string().trim().min(1, '请提供二维码内容').max(4000) }),
          response: { 200: Verification },
        },
        config: { access: access.public, rateLimit: { max: 120, timeWindow: '1 minute' } },
      },
      (req) => licences.verify(req.body.token),
    );

    app.get(
      '/api/licences/:id',
      {
        schema: {
          tags,
          summary: '证照详情（持证人；工作人员须指明本部门办理的、申请人为持证人的办件和用途，查看留痕）',
          params: Id,
          querystring: z.object({
            caseId: z.uuid('办件编号格式不正确').optional().describe('工作人员：所办理的办件'),
            purpose: z.string().trim().max(200).optional().describe('工作人员：查看用途'),
          }),
          response: { 200: Licence },
        },
        config: { access: access.on(access.user, LICENCE.read) },
      },
      (req) => licences.get(requirePrincipal(req), req.params.id, req.query),
    );

    app.get(
      '/api/licences/:id/pdf',
      {
        schema: {
          tags,
          summary: '下载电子证照 PDF（含签名二维码与电子印章）',
          params: Id,
          response: { 200: binary('application/pdf', '签名的电子证照 PDF') },
        },
        config: { access: access.on(access.user, LICENCE.pdf) },
      },
      async (req, reply) => {
        const { pdf, fileName } = await licences.pdf(requirePrincipal(req), req.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, 'inline'))
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );

    app.post(
      '/api/licences/:id/revoke',
      {
        schema: {
          tags,
          summary: '注销证照（发证部门的制证岗位）',
          params: Id,
          body: z.object({ reason: z.string().trim().min(2, '请填写注销原因').max(500) }),
          response: { 200: Licence },
        },
        config: { access: access.on(access.staff('issuer'), LICENCE.revoke) },
      },
      (req) => licences.revoke(requirePrincipal(req), req.params.id, req.body.reason),
    );

    app.post(
      '/api/licences/:id/reissue',
      {
        schema: {
          tags,
          summary: '换发证照：生成新版本并使原版本失效（发证部门的制证岗位）',
          params: Id,
          body: z.object({
            reason: z.string().trim().min(2, '请填写换发原因').max(500),
            changes: z.record(z.string(), z.string().max(2000)).optional(),
          }),
          response: { 201: Licence },
        },
        config: { access: access.on(access.staff('issuer'), LICENCE.reissue) },
      },
      async (req, reply) =>
        reply.code(201).send(await licences.reissue(requirePrincipal(req), req.params.id, req.body)),
    );
  };
}
