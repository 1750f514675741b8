import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, requirePrincipal } from '../../platform/http/access.js';
import { DataResourceView, ItemDetail, LicenceTypeView, ProofView } from './schemas.js';
import type { CatalogService } from './service.js';

const tags = ['事项库'];
const RegionCode = z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为6位或9位数字');
const Code = z.string().min(1).max(64);
const Json = z.record(z.string(), z.unknown());
const Items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

const ItemSummary = z.object({
  code: z.string(),
  name: z.string(),
  subName: z.string(),
  type: z.string(),
  departmentKind: z.string(),
  promisedDays: z.number(),
  onlineDepth: z.number(),
  themes: z.array(z.string()),
  servedObjects: z.array(z.string()),
});

const ImportResult = z.object({
  id: z.string(),
  publishedAt: z.string(),
  status: z.enum(['applied', 'noop']),
  itemsCreated: z.number(),
  itemsUpdated: z.number(),
  itemsUnchanged: z.number(),
  itemsWithdrawn: z.number(),
});

export function catalogRoutes(catalog: CatalogService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/catalog/items',
      {
        schema: {
          tags,
          summary: '事项清单（可按区划、关键词、类型、主题、服务对象筛选）',
          querystring: z.object({
            region: RegionCode.optional(),
            q: z.string().trim().max(100).optional(),
            type: z.string().max(20).optional(),
            theme: z.string().max(40).optional(),
            object: z.enum(['person', 'enterprise']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ total: z.number(), items: z.array(ItemSummary) }) },
        },
        config: { access: access.public },
      },
      (req) => catalog.listItems({ ...req.query, q: req.query.q || undefined }),
    );

    app.get(
      '/api/catalog/items/:code',
      {
        schema: {
          tags,
          summary: '事项详情（办事指南要素、当前版本、实施区划与部门）',
          params: z.object({ code: Code }),
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
          response: { 200: ItemDetail },
        },
        config: { access: access.public },
      },
      (req) => catalog.item(req.params.code, req.query.version),
    );

    app.get(
      '/api/catalog/items/:code/versions',
      {
        schema: {
          tags,
          summary: '事项的历史版本',
          params: z.object({ code: Code }),
          response: {
            200: Items(
              z.object({
                version: z.number(),
                publishedAt: z.string(),
                importedAt: z.string(),
                contentHash: z.string(),
              }),
            ),
          },
        },
        config: { access: access.public },
      },
      async (req) => ({ items: await catalog.itemVersions(req.params.code) }),
    );

    app.get(
      '/api/catalog/themes',
      {
        schema: {
          tags,
          summary: '主题（个人/法人办事分类）及事项数',
          querystring: z.object({
            object: z.enum(['person', 'enterprise']).optional(),
            region: RegionCode.optional(),
          }),
          response: { 200: Items(z.object({ theme: z.string(), count: z.number() })) },
        },
        config: { access: access.public },
      },
      async (req) => ({ items: await catalog.themes(req.query.object, req.query.region) }),
    );

    app.get(
      '/api/catalog/bundles',
      {
        schema: {
          tags,
          summary: '一件事一次办清单',
          querystring: z.object({ region: RegionCode.optional() }),
          response: {
            200: Items(
              z.object({
                code: z.string(),
                name: z.string(),
                servedObjects: z.array(z.string()),
                promisedDays: z.number(),
                itemCount: z.number(),
              }),
            ),
          },
        },
        config: { access: access.public },
      },
      async (req) => ({ items: await catalog.bundles(req.query.region) }),
    );

    app.get(
      '/api/catalog/bundles/:code',
      {
        schema: {
          tags,
          summary: '一件事详情：包含事项、合并后的一张申请表和材料清单',
          params: z.object({ code: Code }),
          response: {
            200: z.object({
              code: z.string(),
              name: z.string(),
              servedObjects: z.array(z.string()),
              promisedDays: z.number(),
              items: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  subName: z.string(),
                  departmentKind: z.string(),
                  promisedDays: z.number(),
                  version: z.number(),
                }),
              ),
              form: Json,
              materials: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  required: z.boolean(),
                  items: z.array(z.string()),
                  sources: z.array(z.object({ itemCode: z.string(), materialId: z.string() })),
                }),
              ),
            }),
          },
        },
        config: { access: access.public },
      },
      (req) => catalog.bundle(req.params.code),
    );

    app.get(
      '/api/catalog/search',
      {
        schema: {
          tags,
          summary: '办事搜索：理解口语、错别字、常见问题中的说法；一件事与事项一起排序',
          querystring: z.object({
            q: z.string().trim().min(1, '请输入搜索内容').max(100),
            limit: z.coerce.number().int().min(1).max(50).default(10),
            region: RegionCode.optional(),
          }),
          response: {
            200: z.object({
              results: z.array(
                z.object({
                  kind: z.enum(['item', 'bundle']),
                  code: z.string(),
                  name: z.string(),
                  subName: z.string(),
                  type: z.string().optional(),
                  departmentKind: z.string().nullable().optional(),
                  promisedDays: z.number().optional(),
                  onlineDepth: z.number().nullable().optional(),
                }),
              ),
            }),
          },
        },
        config: { access: access.public },
      },
      async (req) => ({ results: await catalog.search(req.query.q, req.query.limit, req.query.region) }),
    );

    app.get(
      '/api/regions',
      {
        schema: {
          tags,
          summary: '行政区划（省、市、县、乡镇）',
          response: {
            200: Items(
              z.object({
                code: z.string(),
                name: z.string(),
                level: z.string(),
                parent: z.string().nullable(),
              }),
            ),
          },
        },
        config: { access: access.public },
      },
      async () => ({ items: await catalog.regions() }),
    );

    app.get(
      '/api/departments',
      {
        schema: {
          tags,
          summary: '实施部门',
          querystring: z.object({ region: RegionCode.optional() }),
          response: {
            200: Items(
              z.object({ code: z.string(), name: z.string(), regionCode: z.string(), kind: z.string() }),
            ),
          },
        },
        config: { access: access.public },
      },
      async (req) => ({ items: await catalog.departments(req.query.region) }),
    );

    app.get(
      '/api/catalog/licence-types',
      {
        schema: { tags, summary: '电子证照目录', response: { 200: Items(LicenceTypeView) } },
        config: { access: access.public },
      },
      async () => ({ items: await catalog.licenceTypes() }),
    );

    app.get(
      '/api/catalog/data-resources',
      {
        schema: { tags, summary: '数据共享资源目录', response: { 200: Items(DataResourceView) } },
        config: { access: access.public },
      },
      async () => ({ items: await catalog.dataResources() }),
    );

    app.get(
      '/api/catalog/proofs',
      {
        schema: { tags, summary: '保留证明事项清单及替代方式', response: { 200: Items(ProofView) } },
        config: { access: access.public },
      },
      async () => ({ items: await catalog.proofs() }),
    );

    app.post(
      '/api/admin/catalog/imports',
      {
        schema: {
          tags,
          summary: '导入 catalog/v1 目录文件（整体校验，有错则不导入任何内容）',
          body: Json.describe('catalog/v1 document'),
          response: { 201: ImportResult },
        },
        // The catalog is provincial: one import serves every city and county.
        config: { access: access.province(access.staff('admin')) },
        bodyLimit: 50 * 1024 * 1024,
      },
      async (req, reply) =>
        reply.code(201).send(await catalog.importCatalog(req.body, requirePrincipal(req).id)),
    );

    app.get(
      '/api/admin/catalog/imports',
      {
        schema: {
          tags,
          summary: '目录导入记录',
          response: {
            200: Items(
              ImportResult.omit({}).extend({ importedAt: z.string(), importedBy: z.string().nullable() }),
            ),
          },
        },
        // The catalog is provincial: one import serves every city and county.
        config: { access: access.province(access.staff('admin')) },
      },
      async () => ({ items: await catalog.listImports() }),
    );
  };
}
