// What the case routes answer. fastify-type-provider-zod serialises through these schemas, so a field
// missing here never leaves the server, and /docs/json (hence web/src/api/schema.d.ts) states all of it.
import { z } from 'zod';
import { ACTIONS, STATUSES } from './state.js';

const Status = z.enum(STATUSES);
const Warning = z
  .enum(['none', 'yellow', 'red'])
  .describe('none 正常 · yellow 黄牌（已用八成时限） · red 红牌（超期）');
const Instant = z.string().describe('ISO 8601');
const LocalDate = z.string().describe('YYYY-MM-DD（Asia/Shanghai）');
const Action = z.enum(ACTIONS as [string, ...string[]]);

export const CaseCreated = z.object({
  id: z.string(),
  caseNo: z.string(),
  status: Status,
  children: z
    .array(z.object({ id: z.string(), caseNo: z.string(), itemCode: z.string(), departmentCode: z.string() }))
    .optional(),
});

export const ActionResult = z.object({
  id: z.string(),
  caseNo: z.string(),
  status: Status,
  actor: z.string().describe('以何身份办理：applicant 或岗位角色'),
});

export const AllowedAction = z.object({
  action: Action,
  label: z.string(),
  requires: z
    .array(z.enum(['comment', 'stepId', 'materials', 'trackingNo']))
    .describe('请求须带的字段：理由、环节、补正材料、运单号'),
  stepIds: z.array(z.string()).optional().describe('环节类操作：当前账号可办理的环节'),
  blockedBy: z.string().nullable().describe('状态与权限允许，但尚不能办理的原因（如材料未齐）'),
});

const CaseMaterial = z.object({
  materialId: z.string(),
  name: z.string(),
  required: z.boolean(),
  status: z.enum(['provided', 'shared', 'commitment', 'deferred', 'missing']),
  fileId: z.string().nullable(),
  sharedSource: z.string().nullable().describe('免提交：提供数据的电子证照或数据资源'),
  commitmentText: z.string().nullable().describe('告知承诺：申请人签署的承诺书原文（服务端生成并保存）'),
  owedUntil: LocalDate.nullable().describe('容缺：最迟补交日期'),
  overdue: z.boolean(),
});

const CaseStep = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  parallelGroup: z.string().nullable(),
  status: z.enum(['waiting', 'open', 'done']),
  assignee: z.string().nullable(),
  completedAt: Instant.nullable(),
});

const CaseEvent = z.object({
  type: z.string(),
  at: Instant,
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  comment: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).describe('事件内容，随事件类型而定'),
});

const CaseDetail = z.object({
  id: z.string(),
  caseNo: z.string(),
  itemCode: z.string().nullable(),
  itemVersion: z.number().nullable(),
  bundleCode: z.string().nullable().describe('一件事：主办件与子办件所属的一件事'),
  itemName: z.string().nullable(),
  regionCode: z.string(),
  departmentCode: z.string().nullable(),
  applicant: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  channel: z.enum(['online', 'window']),
  status: Status,
  statusLabel: z.string(),
  createdAt: Instant,
  acceptedAt: Instant.nullable(),
  promisedDays: z.number(),
  dueDate: LocalDate.nullable(),
  pausedWorkingDays: z.number(),
  warning: Warning,
  visits: z.number(),
  delivery: z.object({ mode: z.enum(['window', 'express', 'electronic']), address: z.string().optional() }),
  trackingNo: z.string().nullable(),
  decidedAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
  form: z.record(z.string(), z.unknown()).describe('申请表内容（按事项的 JSON Schema）'),
  correction: z.object({ materials: z.array(z.string()), from: Status.nullable() }).nullable(),
  materials: z.array(CaseMaterial),
  steps: z.array(CaseStep),
  events: z.array(CaseEvent),
  allowedActions: z.array(AllowedAction).describe('当前账号现在可以办理的操作'),
});

export const CaseView = CaseDetail.extend({
  children: z.array(CaseDetail).optional().describe('一件事：各子办件'),
}).describe('办件详情：状态、时限、材料、环节、事件、可办理的操作');

export const CaseSummary = z.object({
  id: z.string(),
  caseNo: z.string(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  bundleCode: z.string().nullable(),
  regionCode: z.string(),
  departmentCode: z.string().nullable(),
  applicantName: z.string(),
  channel: z.enum(['online', 'window']),
  status: Status,
  statusLabel: z.string(),
  createdAt: Instant,
  acceptedAt: Instant.nullable(),
  dueDate: LocalDate.nullable(),
  warning: Warning,
});

export const CaseList = z.object({ total: z.number(), items: z.array(CaseSummary) });

export const TaskList = z.object({
  total: z.number(),
  counts: z.object({ none: z.number(), yellow: z.number(), red: z.number() }),
  items: z.array(
    CaseSummary.extend({
      openSteps: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
    }),
  ),
});

export const DraftList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      itemCode: z.string().nullable(),
      regionCode: z.string().nullable(),
      data: z.record(z.string(), z.unknown()).describe('草稿内容（申请页面自定）'),
      updatedAt: Instant,
    }),
  ),
});

export const DraftSaved = z.object({ id: z.string() });
