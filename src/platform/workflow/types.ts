import type { z } from 'zod';
import type { Tx } from '../db/database.js';
import type { ErrorCode } from '../errors.js';
import type { ClockOp, ClockState, Warning } from './clock.js';

/**
 * Data-scope rules an action names (数据权限). Kept few and declarative so that the platform's
 * authorization layer can evaluate the same rules (and the audit log can name the one applied).
 * `region`: the object lies in the principal's region subtree (无差别受理, 12345 agents, supervisors);
 * `department`: the object is currently with the principal's department (back office, 承办单位).
 */
export type ScopeRule = 'region' | 'department';

/**
 * Who acts. Structurally the platform's `Principal` (platform/http/access.ts) fits; roles are plain
 * strings here so that a module may add a role (`handler`) without the kernel knowing it.
 */
export interface WorkflowPrincipal {
  id: string;
  kind: 'person' | 'enterprise' | 'staff' | 'system';
  roles: readonly string[];
  regionCode: string | null;
  departmentCode: string | null;
}

/** The principal the sweep acts as: it holds only the `system` role, which no account can be given. */
export const SYSTEM_PRINCIPAL: WorkflowPrincipal = {
  id: 'system',
  kind: 'system',
  roles: ['system'],
  regionCode: null,
  departmentCode: null,
};

/** What the kernel needs to know about any tracked object; the module's store maps its row to this. */
export interface WorkflowObject<D = Record<string, unknown>> {
  id: string;
  state: string;
  /** Bumped by every action; a client sends back the version it saw (optimistic concurrency). */
  version: number;
  /** The definition version the object was last written under. */
  definitionVersion: number;
  regionCode: string;
  departmentCode: string | null;
  /** Accounts related to the object by name (`caller`, `applicant`), for relation scope rules. */
  parties: Record<string, string | null>;
  clock: ClockState;
  warning: Warning;
  data: D;
}

export interface StateDef {
  label: string;
  terminal?: boolean;
  /** Whether the time limit runs in this state (warnings are raised only while it does). */
  clockRuns: boolean;
}

/** One way a principal may qualify for an action: a staff role within a scope, or a relation to the object. */
export type ActorRule = { role: string; scope: ScopeRule } | { relation: string } | { system: true };

export interface FieldDef {
  label: string;
  schema: z.ZodType;
  /** Shown to the client; defaults to true. The schema is what is enforced. */
  required?: boolean;
}

/** Typed events are `{ type, ...data }`; the kernel adds the envelope (from, to, clock, version). */
export interface WorkflowEvent {
  type: string;
  [k: string]: unknown;
}

export interface HandlerContext<D, I> {
  tx: Tx;
  object: WorkflowObject<D>;
  input: I;
  comment: string | null;
  principal: WorkflowPrincipal;
  now: Date;
  today: string;
  calendar: import('./clock.js').WorkingDays;
  /** The share of the budget at which warnings turn yellow (configurable per deployment). */
  yellowShare: number;
}

/** What an action changes. The kernel writes all of it, with the version bump, in the action's transaction. */
export interface HandlerResult<D> {
  /** Required when the action declares several targets or none (stays put when absent and `to` is unset). */
  to?: string;
  data?: Partial<D>;
  /** Scope-relevant column changes (dispatch moves the department). */
  departmentCode?: string | null;
  event: WorkflowEvent;
  clock?: ClockOp[];
  /** Side effects that must commit or roll back with the change (e.g. a notice row of the same module). */
  effects?: (tx: Tx) => Promise<void>;
}

export interface ActionDef<D = Record<string, unknown>, I = Record<string, unknown>> {
  label: string;
  from: readonly string[];
  /** One target, or the targets the handler may choose from; absent: the object stays in its state. */
  to?: string | readonly string[];
  by: readonly ActorRule[];
  needsComment?: boolean;
  fields?: Record<string, FieldDef>;
  /**
   * A precondition beyond the state, part of the same guard as `from` (so `allowedActions` omits the
   * action too): a string is a 409 with the workflow's state code, `{ code, detail }` a 409 with its
   * own code (a case's `materials_missing`).
   */
  when?: (o: WorkflowObject<D>) => string | { code: ErrorCode; detail: string } | null;
  /** null: nothing to change (only the kernel's own warning action answers so). */
  handler: (ctx: HandlerContext<D, I>) => HandlerResult<D> | null | Promise<HandlerResult<D> | null>;
}

export interface WorkflowDefinition<D = Record<string, unknown>> {
  /** Also the events' aggregate type. */
  name: string;
  version: number;
  /** What the object is called in messages: 工单, 办件. */
  noun: string;
  /** The 409 code when the state forbids an action (`ticket_state`). */
  stateConflictCode: ErrorCode;
  states: Record<string, StateDef>;
  initial: string;
  // Each action parses its own input; the table holds them under one type (handlers read `input` as parsed).
  actions: Record<string, ActionDef<D, Record<string, unknown>>>;
  /** Every event this workflow writes (a zod discriminated union on `type`). */
  events: z.ZodType<WorkflowEvent>;
  /** The domain data before the first event (replay starts here). */
  initialData: () => D;
  /** Pure fold of one event into the object's domain data (replay). */
  evolve: (data: D, event: WorkflowEvent) => D;
}

/** The module's persistence of its objects (its repo); the kernel never writes a module's table itself. */
export interface WorkflowStore<D> {
  find(db: Tx | import('../db/database.js').Db, id: string): Promise<WorkflowObject<D> | null>;
  /** SELECT … FOR UPDATE (`skipLocked`: answer null when another transaction holds the row). */
  lock(tx: Tx, id: string, opts?: { skipLocked?: boolean }): Promise<WorkflowObject<D> | null>;
  insert(tx: Tx, o: WorkflowObject<D>, columns: ClockColumns, createdBy: string | null): Promise<void>;
  update(tx: Tx, id: string, change: ObjectChange<D>): Promise<void>;
  /** Ids whose warning may have to rise by `today` (indexed warn/due columns), in id order after `after`. */
  sweepCandidates(
    db: import('../db/database.js').Db,
    today: string,
    after: string | null,
    limit: number,
  ): Promise<string[]>;
}

/** The derived clock columns every workflow table keeps (indexed for the sweep). */
export interface ClockColumns {
  dueDate: string | null;
  warnDate: string | null;
  clockRunning: boolean;
}

export interface ObjectChange<D> {
  state: string;
  version: number;
  definitionVersion: number;
  departmentCode: string | null;
  clock: ClockState;
  warning: Warning;
  data: Partial<D>;
  columns: ClockColumns;
}
