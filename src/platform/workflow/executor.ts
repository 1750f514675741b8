import { sql } from 'kysely';
import { currentContext } from '../context.js';
import type { Db, Tx } from '../db/database.js';
import { transaction } from '../db/unit-of-work.js';
import { AppError, conflict, type FieldError, forbidden, notFound, validationFailed } from '../errors.js';
import { appendEvent } from '../events.js';
import { type AllowedAction, allowedActions, evaluate } from './allowed.js';
import { type AuditEntry, type AuditSink, noAudit } from './audit.js';
import { type Authorizer, ruleAuthorizer } from './authorize.js';
import {
  type AppliedClockOp,
  applyOp,
  type Clock,
  type ClockOp,
  type ClockState,
  DEFAULT_YELLOW_SHARE,
  dueDate,
  resolveOp,
  STOPPED,
  WARNING_RANK,
  type WorkingDays,
  warnDate,
  warningOf,
} from './clock.js';
import { RAISE_WARNING, type Workflow } from './define.js';
import type { ScopeContext } from './scope.js';
import type {
  ClockColumns,
  WorkflowEvent,
  WorkflowObject,
  WorkflowPrincipal,
  WorkflowStore,
} from './types.js';

export interface ExecutorDeps {
  db: Db;
  clock: Clock;
  /** The working calendar; read before the transaction (it may touch the pool). */
  calendar: () => WorkingDays | Promise<WorkingDays>;
  /** The principal's region subtree etc., resolved before the transaction. */
  scopeOf: (p: WorkflowPrincipal) => Promise<ScopeContext>;
  audit?: AuditSink;
  authorizer?: Authorizer;
  yellowShare?: number;
  /** How long an action waits for a row another action holds before answering 409 `busy`; default 3 s. */
  lockTimeoutMs?: number;
  log?: { warn(obj: object, msg: string): void };
}

/** PostgreSQL's lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Kernel fields kept beside the typed event in the event's payload (`wf`). */
export interface Envelope {
  action: string;
  from: string | null;
  to: string;
  version: number;
  definitionVersion: number;
  departmentCode: string | null;
  warning: WorkflowObject['warning'];
  clock: AppliedClockOp[];
  comment: string | null;
  as: string;
}

export interface ActionInput {
  action: string;
  comment?: string | null;
  /** The version of the view the client acted on; a different current version is 409 `stale`. */
  expectedVersion?: number;
  [field: string]: unknown;
}

export interface Outcome<D> {
  object: WorkflowObject<D>;
  allowedActions: AllowedAction[];
  /** false when nothing had to change (the sweep found the warning already raised). */
  changed: boolean;
}

export interface NewObject<D> {
  id: string;
  regionCode: string;
  departmentCode: string | null;
  parties: Record<string, string | null>;
  data: D;
  clock: ClockOp[];
  /** The typed creation event. */
  event: WorkflowEvent;
}

/** One executor runs every action of every workflow the same way (see docs/workflow.md). */
export function createExecutor(deps: ExecutorDeps) {
  const audit = deps.audit ?? noAudit;
  const authorizer = deps.authorizer ?? ruleAuthorizer;
  const share = deps.yellowShare ?? DEFAULT_YELLOW_SHARE;
  const lockTimeoutMs = Math.max(1, Math.round(deps.lockTimeoutMs ?? 3_000));

  function columns(cal: WorkingDays, c: ClockState, running: boolean, today: string): ClockColumns {
    return {
      dueDate: dueDate(cal, c, today),
      warnDate: warnDate(cal, c, today, share),
      clockRunning: running && !!c.startDate && !c.pausedSince,
    };
  }

  function entry(
    wf: Workflow<unknown>,
    p: WorkflowPrincipal,
    action: string,
    id: string,
    outcome: AuditEntry['outcome'],
    role: string | null,
    detail?: Record<string, unknown>,
  ): AuditEntry {
    const ctx = currentContext();
    return {
      actorId: p.kind === 'system' ? null : p.id,
      role,
      action: `${wf.name}.${action}`,
      object: `${wf.name}:${id}`,
      outcome,
      requestId: ctx?.requestId ?? null,
      client: ctx?.client ?? null,
      detail,
    };
  }

  function validate(wf: Workflow<unknown>, name: string, input: ActionInput) {
    const action = wf.actions[name]!;
    const errors: FieldError[] = [];
    const comment = typeof input.comment === 'string' ? input.comment.trim() : null;
    if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string')
      errors.push({ field: 'comment', message: '说明须为文字' });
    else if (action.needsComment && !comment)
      errors.push({ field: 'comment', message: `「${action.label}」须写明理由` });
    const parsed: Record<string, unknown> = {};
    for (const [field, f] of Object.entries(action.fields ?? {})) {
      const r = f.schema.safeParse(input[field]);
      if (r.success) parsed[field] = r.data;
      else
        for (const issue of r.error.issues)
          errors.push({
            field: [field, ...issue.path.map(String)].join('.'),
            message: input[field] === undefined ? `请填写${f.label}` : `${f.label}：${issue.message}`,
          });
    }
    if (errors.length) throw validationFailed(errors);
    return { comment: comment || null, parsed };
  }

  function targetOf(
    wf: Workflow<unknown>,
    name: string,
    current: string,
    chosen: string | undefined,
  ): string {
    const to = wf.actions[name]!.to;
    const allowed = to === undefined ? [current] : typeof to === 'string' ? [to] : to;
    const target = chosen ?? (typeof to === 'string' ? to : to === undefined ? current : undefined);
    if (!target || !allowed.includes(target))
      throw new Error(
        `workflow ${wf.name}: action ${name} chose target ${String(target)} outside ${allowed.join(',')}`,
      );
    return target;
  }

  async function act<D>(
    wf: Workflow<D>,
    store: WorkflowStore<D>,
    p: WorkflowPrincipal,
    id: string,
    input: ActionInput,
    opts: { skipLocked?: boolean } = {},
  ): Promise<Outcome<D>> {
    const w = wf as unknown as Workflow<unknown>;
    if (typeof input?.action !== 'string' || !Object.hasOwn(wf.actions, input.action))
      throw validationFailed([{ field: 'action', message: `不支持的操作：${String(input?.action)}` }]);
    if (input.expectedVersion !== undefined && !Number.isSafeInteger(input.expectedVersion))
      throw validationFailed([{ field: 'expectedVersion', message: '版本号须为整数' }]);
    const ctx = await deps.scopeOf(p);
    const cal = await deps.calendar();
    const name = input.action;
    try {
      return await transaction(deps.db, async (t) => {
        const tx = t as unknown as Tx;
        // The contract's `busy`: a row held by another action for more than a few seconds is a 409, not
        // a request hanging until the client gives up (the sweep does not wait at all: SKIP LOCKED).
        if (!opts.skipLocked) await sql.raw(`set local lock_timeout = ${lockTimeoutMs}`).execute(tx);
        let o: WorkflowObject<D> | null;
        try {
          o = await store.lock(tx, id, opts);
        } catch (err) {
          if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE)
            throw new AppError(409, 'busy', '正在办理中', `该${wf.noun}正由他人办理，请稍后重试`);
          throw err;
        }
        if (!o) {
          if (opts.skipLocked) return { object: null as never, allowedActions: [], changed: false };
          throw notFound(wf.noun, id);
        }
        const verdict = evaluate(wf, p, o, name, ctx, authorizer);
        if (!verdict.ok) {
          if (verdict.reason === 'forbidden') throw forbidden(verdict.detail);
          throw conflict(verdict.code ?? wf.stateConflictCode, verdict.detail);
        }
        if (input.expectedVersion !== undefined && input.expectedVersion !== o.version)
          throw conflict(
            'stale',
            `该${wf.noun}已被更新（当前版本 ${o.version}），请刷新后重试`,
            '内容已更新',
          );
        const { comment, parsed } = validate(w, name, input);
        const now = deps.clock.now();
        const today = deps.clock.today();
        const result = await verdict.action.handler({
          tx,
          object: o,
          input: parsed,
          comment,
          principal: p,
          now,
          today,
          calendar: cal,
          yellowShare: share,
        });
        if (!result)
          return { object: o, allowedActions: allowedActions(wf, p, o, ctx, authorizer), changed: false };
        const event = wf.eventSchema.parse(result.event);
        const to = targetOf(w, name, o.state, result.to);
        let clock = o.clock;
        const applied: AppliedClockOp[] = [];
        for (const op of result.clock ?? []) {
          const a = resolveOp(cal, clock, op, today);
          applied.push(a);
          clock = applyOp(clock, a);
        }
        const running = wf.states[to]!.clockRuns;
        // A warning rises only through the sweep's own action, so that every rise has its
        // `warning.raised` event (notifications, 效能监察 listen to it); any action may lower it (the
        // clock stopped, an extension moved the due date). A rise an action would cause is left to the
        // next sweep, which finds the row among its candidates.
        const computed = warningOf(cal, clock, running, today, share);
        const warning =
          name === RAISE_WARNING || WARNING_RANK[computed] <= WARNING_RANK[o.warning] ? computed : o.warning;
        const next: WorkflowObject<D> = {
          ...o,
          state: to,
          version: o.version + 1,
          definitionVersion: wf.version,
          departmentCode: result.departmentCode !== undefined ? result.departmentCode : o.departmentCode,
          clock,
          warning,
          data: { ...o.data, ...result.data },
        };
        await store.update(tx, id, {
          state: next.state,
          version: next.version,
          definitionVersion: wf.version,
          departmentCode: next.departmentCode,
          clock,
          warning,
          data: result.data ?? {},
          columns: columns(cal, clock, running, today),
        });
        const envelope: Envelope = {
          action: name,
          from: o.state,
          to,
          version: next.version,
          definitionVersion: wf.version,
          departmentCode: next.departmentCode,
          warning,
          clock: applied,
          comment,
          as: verdict.qualification.as,
        };
        const { type, ...fields } = event;
        await appendEvent(tx, {
          aggregateType: wf.name,
          aggregateId: id,
          type,
          actorId: p.kind === 'system' ? null : p.id,
          regionCode: o.regionCode,
          payload: { ...fields, wf: envelope },
        });
        await result.effects?.(tx);
        await audit.record(tx, entry(w, p, name, id, 'ok', verdict.qualification.as, { from: o.state, to }));
        return { object: next, allowedActions: allowedActions(wf, p, next, ctx, authorizer), changed: true };
      });
    } catch (err) {
      if (err instanceof AppError && err.status === 403) {
        // The refused change rolled back; the attempt itself is recorded (best effort: a failing audit
        // write must not turn a 403 into a 500).
        await audit.record(deps.db, entry(w, p, name, id, 'denied', null, { code: err.code })).catch((e) => {
          deps.log?.warn({ err: e }, 'audit of a refused action failed');
        });
      }
      throw err;
    }
  }

  /** Records a new object in the workflow's initial state with its creation event, in one transaction. */
  async function create<D>(
    wf: Workflow<D>,
    store: WorkflowStore<D>,
    p: WorkflowPrincipal,
    n: NewObject<D>,
    inTx?: (tx: Tx, o: WorkflowObject<D>) => Promise<void>,
  ): Promise<WorkflowObject<D>> {
    const cal = await deps.calendar();
    const today = deps.clock.today();
    const event = wf.eventSchema.parse(n.event);
    let clock = STOPPED;
    const applied: AppliedClockOp[] = [];
    for (const op of n.clock) {
      const a = resolveOp(cal, clock, op, today);
      applied.push(a);
      clock = applyOp(clock, a);
    }
    const running = wf.states[wf.initial]!.clockRuns;
    const o: WorkflowObject<D> = {
      id: n.id,
      state: wf.initial,
      version: 1,
      definitionVersion: wf.version,
      regionCode: n.regionCode,
      departmentCode: n.departmentCode,
      parties: n.parties,
      clock,
      // Raised by the sweep like any other rise (an object created already late is red within one run).
      warning: 'none',
      data: n.data,
    };
    return transaction(deps.db, async (t) => {
      const tx = t as unknown as Tx;
      await store.insert(tx, o, columns(cal, clock, running, today), p.kind === 'system' ? null : p.id);
      const { type, ...fields } = event;
      const envelope: Envelope = {
        action: 'create',
        from: null,
        to: o.state,
        version: 1,
        definitionVersion: wf.version,
        departmentCode: o.departmentCode,
        warning: o.warning,
        clock: applied,
        comment: null,
        as: p.kind === 'staff' ? 'staff' : p.kind,
      };
      await appendEvent(tx, {
        aggregateType: wf.name,
        aggregateId: o.id,
        type,
        actorId: p.kind === 'system' ? null : p.id,
        regionCode: o.regionCode,
        payload: { ...fields, wf: envelope },
      });
      await inTx?.(tx, o);
      await audit.record(tx, entry(wf as unknown as Workflow<unknown>, p, 'create', o.id, 'ok', envelope.as));
      return o;
    });
  }

  return {
    act,
    create,
    /** The actions a principal may take on an object now (for views built outside an action). */
    async allowed<D>(wf: Workflow<D>, p: WorkflowPrincipal, o: WorkflowObject<D>): Promise<AllowedAction[]> {
      return allowedActions(wf, p, o, await deps.scopeOf(p), authorizer);
    },
    scopeOf: deps.scopeOf,
    clock: deps.clock,
    calendar: deps.calendar,
    db: deps.db,
    log: deps.log,
  };
}

export type Executor = ReturnType<typeof createExecutor>;
