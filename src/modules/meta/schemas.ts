import { z } from 'zod';

export const Meta = z
  .object({
    portalName: z.string().describe('门户名称（部署配置 PORTAL_NAME）'),
    homeRegion: z
      .object({ code: z.string(), name: z.string().nullable().describe('区划名称；目录未导入时为 null') })
      .describe('本门户服务的区划（部署配置 HOME_REGION_CODE）'),
    cases: z.object({
      statuses: z.array(
        z.object({
          code: z.string(),
          label: z.string(),
          terminal: z.boolean().describe('办件已终结'),
        }),
      ),
      deferredDays: z.number().describe('容缺受理后补交材料的期限（工作日）'),
      yellowShare: z.number().describe('黄牌预警：已用承诺时限的比例'),
      commitmentTemplate: z
        .string()
        .describe(
          '告知承诺书文本；{material} 为材料名称，{applicant} 为申请人，提交时由服务端按同一文本生成',
        ),
    }),
    roles: z
      .array(z.object({ code: z.string(), label: z.string() }))
      .describe('工作人员角色及其名称（创建账号时可选的角色）'),
    uploads: z.object({
      maxBytes: z.number().describe('单个文件大小上限（字节，部署配置 FILE_SIZE_LIMIT_MB）'),
      types: z.array(z.object({ kind: z.string(), mime: z.string(), extensions: z.array(z.string()) })),
    }),
  })
  .describe('本部署的业务规则与门户信息：网页端据此显示，不另存副本');
export type Meta = z.infer<typeof Meta>;
