import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { forbidden, notFound, validationFailed } from '../../platform/errors.js';
import {
  type ActionInput,
  dueDate,
  type Executor,
  ruleAuthorizer,
  type WorkflowObject,
  type WorkflowPrincipal,
} from '../../platform/workflow/index.js';
import * as repo from './repo.js';
import { CHANNELS, KINDS, limitDaysOf, TICKET_READERS, type TicketData, ticketWorkflow } from './workflow.js';

export const intakeSchema = z.object({
  channel: z.enum(CHANNELS, { error: '请选择来源渠道' }),
  kind: z.enum(KINDS, { error: '请选择诉求类型' }),
  categoryCode: z.string().trim().min(1, '请选择诉求分类').max(40),
  content: z.string().trim().min(1, '请填写诉求内容').max(4000, '诉求内容不能超过 4000 字'),
  caller: z.object({
    name: z.string().trim().max(50).optional(),
    phone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '请填写正确的联系电话'),
  }),
  regionCode: z.string().regex(/^\d{6}$/, '行政区划代码为 6 位数字'),
  address: z.string().trim().max(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  long: z.number().min(-180).max(180).optional(),
  urgent: z.boolean().optional(),
  confidential: z.boolean().optional(),
});
export type IntakeInput = z.infer<typeof intakeSchema>;

/** The hotline's service: intake and actions through the workflow kernel. Routes come with the hotline issue. */
export interface HotlineDeps {
  db: Db;
  executor: Executor;
  /** The account of a logged-in caller (identity's service): a web/app ticket carries their own name and phone. */
  applicants?: { applicant(id: string): Promise<{ name: string; phone: string | null } | undefined> };
}

export function createHotlineService(deps: HotlineDeps) {
  const { executor } = deps;
  const store = repo.ticketStore;

  async function readable(p: WorkflowPrincipal, o: WorkflowObject<TicketData>): Promise<boolean> {
    const ctx = await executor.scopeOf(p);
    return !!ruleAuthorizer.qualify(p, TICKET_READERS, o as WorkflowObject<unknown>, ctx);
  }

  return {
    store,
    async intake(p: WorkflowPrincipal, body: unknown) {
      const r = intakeSchema.safeParse(body);
      if (!r.success)
        throw validationFailed(r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
      const input = r.data;
      const isAgent = p.kind === 'staff' && p.roles.includes('agent');
      if (p.kind === 'staff' && !isAgent) throw forbidden('只有热线话务员可以登记工单');
      if (p.kind === 'system') throw forbidden();
      if (isAgent && !(await executor.scopeOf(p)).regionSubtree.includes(input.regionCode))
        throw validationFailed([{ field: 'regionCode', message: '该区划不在当前账号的受理范围内' }]);
      if (!isAgent && input.channel !== 'web' && input.channel !== 'app')
        throw validationFailed([{ field: 'channel', message: '个人或企业只能通过网站或客户端提交诉求' }]);
      let caller = { name: input.caller.name ?? null, phone: input.caller.phone };
      if (!isAgent && deps.applicants) {
        const account = await deps.applicants.applicant(p.id);
        if (account) caller = { name: account.name, phone: account.phone ?? input.caller.phone };
      }
      const today = executor.clock.today();
      const urgent = input.urgent ?? false;
      const id = randomUUID();
      // A sequence value is never handed out twice; an intake that fails afterwards leaves a gap (as 工单号 may).
      const seq = await repo.nextTicketSeq(deps.db);
      const ticketNo = `${today.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
      const data: TicketData = {
        ticketNo,
        channel: input.channel,
        kind: input.kind,
        categoryCode: input.categoryCode,
        content: input.content,
        callerName: caller.name,
        callerPhone: caller.phone,
        confidential: input.confidential ?? false,
        urgent,
        address: input.address ?? null,
        lat: input.lat ?? null,
        long: input.long ?? null,
        reply: null,
        satisfaction: null,
        reopenCount: 0,
        urgeCount: 0,
        pendingExtension: null,
        createdAt: executor.clock.now().toISOString(),
      };
      const {
        reply: _r,
        satisfaction: _s,
        reopenCount: _c,
        urgeCount: _u,
        pendingExtension: _e,
        ...received
      } = data;
      const o = await executor.create(ticketWorkflow, store, p, {
        id,
        regionCode: input.regionCode,
        departmentCode: null,
        parties: { caller: isAgent ? null : p.id },
        data,
        clock: [{ op: 'start', limitDays: limitDaysOf(input.kind), sameDay: urgent, date: today }],
        event: { type: 'ticket.received', ...received },
      });
      return {
        id: o.id,
        ticketNo,
        status: o.state,
        dueDate: o.clock.startDate ? (await view(p, o)).dueDate : null,
      };
    },

    async act(p: WorkflowPrincipal, id: string, input: ActionInput) {
      const out = await executor.act(ticketWorkflow, store, p, id, input);
      return { ...(await view(p, out.object)), allowedActions: out.allowedActions };
    },

    async get(p: WorkflowPrincipal, id: string) {
      const o = await store.find(deps.db, id);
      if (!o || !(await readable(p, o))) throw notFound('工单', id);
      return view(p, o);
    },
  };

  async function present(o: WorkflowObject<TicketData>) {
    const cal = await executor.calendar();
    return {
      id: o.id,
      ticketNo: o.data.ticketNo,
      channel: o.data.channel,
      kind: o.data.kind,
      categoryCode: o.data.categoryCode,
      status: o.state,
      statusLabel: ticketWorkflow.states[o.state]!.label,
      version: o.version,
      regionCode: o.regionCode,
      departmentCode: o.departmentCode,
      dueDate: dueDate(cal, o.clock, executor.clock.today()),
      extendedDays: o.clock.extendedDays,
      warning: o.warning,
      caller: { name: o.data.callerName, phone: o.data.callerPhone },
      confidential: o.data.confidential,
      content: o.data.content,
      reply: o.data.reply,
      satisfaction: o.data.satisfaction,
      reopenCount: o.data.reopenCount,
      pendingExtension: o.data.pendingExtension ? { days: o.data.pendingExtension.days } : null,
    };
  }

  async function view(p: WorkflowPrincipal, o: WorkflowObject<TicketData>) {
    const [v, events] = await Promise.all([present(o), repo.ticketEvents(deps.db, o.id)]);
    // A confidential 举报's caller is never shown to the handling department (contract).
    const isHandlerOnly = p.kind === 'staff' && !p.roles.includes('agent') && !p.roles.includes('supervisor');
    return {
      ...v,
      caller:
        p.kind !== 'staff'
          ? v.caller
          : o.data.confidential && isHandlerOnly
            ? null
            : { name: v.caller.name, phone: maskPhone(v.caller.phone) },
      events: events.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        actor: e.actor_id,
        comment: ((e.payload.wf as { comment?: string | null } | undefined)?.comment ?? null) as
          | string
          | null,
      })),
      allowedActions: await executor.allowed(ticketWorkflow, p, o),
    };
  }
}

export type HotlineService = ReturnType<typeof createHotlineService>;

/** Staff lists mask phones (contract): the hotline calls back through the switchboard, not by reading the number. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
