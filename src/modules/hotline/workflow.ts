import { z } from 'zod';
import { type ActorRule, defineWorkflow, type WorkflowEvent } from '../../platform/workflow/index.js';

/**
 * 12345 tickets (api-contract.md, "12345 hotline"): states, actions, roles and clock as data, one
 * handler per action. No routes yet; src/modules/hotline/service.ts is what routes will call.
 */

export const KINDS = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const CHANNELS = ['phone', 'web', 'app', 'open311'] as const;
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** Reopens before an unsatisfied callback escalates instead (the contract: "after two reopens"). */
export const MAX_REOPENS = 2;

/** 承办时限: consultations, help and praise within 5 working days, the rest within 15. */
export function limitDaysOf(kind: (typeof KINDS)[number]): number {
  return kind === 'consult' || kind === 'help' || kind === 'praise' ? 5 : 15;
}

export interface TicketData {
  ticketNo: string;
  channel: (typeof CHANNELS)[number];
  kind: (typeof KINDS)[number];
  categoryCode: string;
  content: string;
  callerName: string | null;
  callerPhone: string;
  confidential: boolean;
  urgent: boolean;
  address: string | null;
  lat: number | null;
  long: number | null;
  reply: string | null;
  satisfaction: (typeof SATISFACTION)[number] | null;
  reopenCount: number;
  urgeCount: number;
  pendingExtension: { days: number; comment: string; requestedBy: string } | null;
  createdAt: string;
}

const received = z.object({
  type: z.literal('ticket.received'),
  ticketNo: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(KINDS),
  categoryCode: z.string(),
  content: z.string(),
  callerName: z.string().nullable(),
  callerPhone: z.string(),
  confidential: z.boolean(),
  urgent: z.boolean(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  createdAt: z.string(),
});

export const ticketEvents = z.discriminatedUnion('type', [
  received,
  z.object({ type: z.literal('ticket.answered'), reply: z.string() }),
  z.object({ type: z.literal('ticket.dispatched'), departmentCode: z.string() }),
  z.object({ type: z.literal('ticket.returned'), departmentCode: z.string().nullable() }),
  z.object({ type: z.literal('ticket.replied'), reply: z.string() }),
  z.object({
    type: z.literal('ticket.callback'),
    satisfaction: z.enum(SATISFACTION),
    outcome: z.enum(['closed', 'reopened', 'escalated']),
    reopenCount: z.number().int(),
  }),
  z.object({
    type: z.literal('ticket.extension_requested'),
    days: z.number().int(),
    comment: z.string(),
    requestedBy: z.string(),
  }),
  z.object({ type: z.literal('ticket.extension_approved'), days: z.number().int() }),
  z.object({ type: z.literal('ticket.urged'), urgeCount: z.number().int() }),
]);
export type TicketEvent = z.infer<typeof ticketEvents>;

const agent: ActorRule = { role: 'agent', scope: 'region' };
const supervisor: ActorRule = { role: 'supervisor', scope: 'region' };
const handler: ActorRule = { role: 'handler', scope: 'department' };
/** Who may read a ticket (views and lists); the caller reads their own. */
export const TICKET_READERS: ActorRule[] = [agent, supervisor, handler, { relation: 'caller' }];

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 字`);
const OPEN = ['received', 'dispatched', 'returned', 'replied', 'reopened', 'escalated'];

export const ticketWorkflow = defineWorkflow<TicketData>({
  name: 'ticket',
  version: 1,
  noun: '工单',
  stateConflictCode: 'ticket_state',
  initial: 'received',
  // The clock stops once the department has replied: what is left (回访) is the hotline's own work.
  // A reopened ticket keeps its original due date: 重办 does not earn the department new time.
  states: {
    received: { label: '已受理', clockRuns: true },
    dispatched: { label: '已派单', clockRuns: true },
    returned: { label: '已退单', clockRuns: true },
    replied: { label: '已答复', clockRuns: false },
    reopened: { label: '重办中', clockRuns: true },
    // Not terminal: an escalated ticket is 效能监察's and still owed to the caller (urges go on).
    escalated: { label: '已升级督办', clockRuns: true },
    closed: { label: '已办结', terminal: true, clockRuns: false },
  },
  events: ticketEvents as unknown as z.ZodType<WorkflowEvent>,
  initialData: () => ({
    ticketNo: '',
    channel: 'phone',
    kind: 'consult',
    categoryCode: '',
    content: '',
    callerName: null,
    callerPhone: '',
    confidential: false,
    urgent: false,
    address: null,
    lat: null,
    long: null,
    reply: null,
    satisfaction: null,
    reopenCount: 0,
    urgeCount: 0,
    pendingExtension: null,
    createdAt: '',
  }),
  evolve(d, e) {
    const ev = e as TicketEvent;
    switch (ev.type) {
      case 'ticket.received': {
        const { type: _t, ...fields } = ev;
        return { ...d, ...fields };
      }
      case 'ticket.answered':
      case 'ticket.replied':
        return { ...d, reply: ev.reply };
      case 'ticket.callback':
        return { ...d, satisfaction: ev.satisfaction, reopenCount: ev.reopenCount };
      case 'ticket.extension_requested':
        return {
          ...d,
          pendingExtension: { days: ev.days, comment: ev.comment, requestedBy: ev.requestedBy },
        };
      case 'ticket.returned':
      case 'ticket.extension_approved':
        return { ...d, pendingExtension: null };
      case 'ticket.urged':
        return { ...d, urgeCount: ev.urgeCount };
      default:
        return d;
    }
  },
  actions: {
    answer: {
      label: '直接答复',
      from: ['received'],
      to: 'replied',
      by: [agent],
      fields: { reply: { label: '答复内容', schema: text(4000) } },
      handler: ({ input }) => {
        const reply = input.reply as string;
        return { data: { reply }, event: { type: 'ticket.answered', reply } };
      },
    },
    dispatch: {
      label: '派单',
      from: ['received', 'returned', 'reopened'],
      to: 'dispatched',
      by: [agent],
      fields: {
        departmentCode: {
          label: '承办单位',
          schema: z
            .string()
            .trim()
            .regex(/^[A-Z0-9]{2,12}-\d{6}$/, '承办单位编码格式不正确'),
        },
      },
      // A reopened ticket goes back to the department that replied; only one answered on the spot
      // (no department yet) is dispatched afresh.
      when: (o) => (o.state === 'reopened' && o.departmentCode ? '重办工单已退回原承办单位，不能改派' : null),
      handler: ({ input }) => {
        const departmentCode = input.departmentCode as string;
        return { departmentCode, event: { type: 'ticket.dispatched', departmentCode } };
      },
    },
    return: {
      label: '退单',
      from: ['dispatched', 'reopened'],
      to: 'returned',
      by: [handler],
      needsComment: true,
      handler: ({ object }) => ({
        data: { pendingExtension: null },
        event: { type: 'ticket.returned', departmentCode: object.departmentCode },
      }),
    },
    reply: {
      label: '办理答复',
      from: ['dispatched', 'reopened'],
      to: 'replied',
      by: [handler],
      fields: { reply: { label: '答复内容', schema: text(4000) } },
      handler: ({ input }) => {
        const reply = input.reply as string;
        return { data: { reply }, event: { type: 'ticket.replied', reply } };
      },
    },
    callback: {
      label: '回访',
      from: ['replied'],
      to: ['closed', 'reopened', 'escalated'],
      by: [agent],
      fields: { satisfaction: { label: '满意度', schema: z.enum(SATISFACTION, { error: '请选择满意度' }) } },
      handler: ({ input, object }) => {
        const satisfaction = input.satisfaction as TicketData['satisfaction'] & string;
        const unsatisfied = satisfaction === 'unsatisfied';
        const outcome = !unsatisfied
          ? 'closed'
          : object.data.reopenCount >= MAX_REOPENS
            ? 'escalated'
            : 'reopened';
        const reopenCount = object.data.reopenCount + (outcome === 'reopened' ? 1 : 0);
        return {
          to: outcome,
          data: { satisfaction, reopenCount },
          event: { type: 'ticket.callback', satisfaction, outcome, reopenCount },
        };
      },
    },
    extend: {
      label: '申请延期',
      from: ['dispatched', 'reopened'],
      by: [handler],
      needsComment: true,
      fields: {
        days: {
          label: '延期工作日',
          schema: z
            .number({ error: '须为整数' })
            .int('须为整数')
            .min(1, '至少 1 个工作日')
            .max(30, '至多 30 个工作日'),
        },
      },
      when: (o) =>
        o.data.pendingExtension ? { code: 'extension_pending', detail: '已有待审批的延期申请' } : null,
      handler: ({ input, comment, principal }) => {
        const days = input.days as number;
        return {
          data: { pendingExtension: { days, comment: comment ?? '', requestedBy: principal.id } },
          event: {
            type: 'ticket.extension_requested',
            days,
            comment: comment ?? '',
            requestedBy: principal.id,
          },
        };
      },
    },
    'approve-extension': {
      label: '批准延期',
      from: ['dispatched', 'reopened'],
      by: [supervisor],
      when: (o) =>
        o.data.pendingExtension ? null : { code: 'no_extension_pending', detail: '没有待审批的延期申请' },
      handler: ({ object, comment }) => {
        const days = object.data.pendingExtension!.days;
        return {
          data: { pendingExtension: null },
          clock: [{ op: 'extend', days, reason: comment ?? object.data.pendingExtension!.comment }],
          event: { type: 'ticket.extension_approved', days },
        };
      },
    },
    urge: {
      label: '督办',
      from: OPEN,
      by: [agent, supervisor],
      needsComment: true,
      handler: ({ object }) => {
        const urgeCount = object.data.urgeCount + 1;
        return { data: { urgeCount }, event: { type: 'ticket.urged', urgeCount } };
      },
    },
  },
});
