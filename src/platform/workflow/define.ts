import { z } from 'zod';
import { dueDate, STOPPED, WARNING_RANK, warningOf } from './clock.js';
import type { ActionDef, WorkflowDefinition, WorkflowEvent } from './types.js';

/** The action the sweep takes (as the system principal) when an object's warning rises. */
export const RAISE_WARNING = 'raise-warning';

/** Events every workflow may carry beside its own. */
export const kernelEvents = z.object({
  type: z.literal('warning.raised'),
  warning: z.enum(['yellow', 'red']),
  dueDate: z.string().nullable(),
});

export interface Workflow<D> extends WorkflowDefinition<D> {
  /** The definition's events and the kernel's. */
  eventSchema: z.ZodType<WorkflowEvent>;
}

/**
 * Checks a definition when the module loads (boot), the way DIGIT refuses an INVALID NEXTSTATE: a
 * typo in a table of states must stop the process, not surface as a 500 on the first click.
 */
export function defineWorkflow<D>(def: WorkflowDefinition<D>): Workflow<D> {
  const problems: string[] = [];
  const states = Object.keys(def.states);
  if (!Number.isSafeInteger(def.version) || def.version < 1)
    problems.push('version must be a positive integer');
  if (!def.noun || !def.stateConflictCode) problems.push('noun and stateConflictCode are required');
  if (!def.states[def.initial]) problems.push(`initial state ${def.initial} is not defined`);
  for (const [name, s] of Object.entries(def.states))
    if (!s.label?.trim()) problems.push(`state ${name} has no label`);
  if (def.actions[RAISE_WARNING]) problems.push(`${RAISE_WARNING} is the kernel's action`);
  for (const [name, a] of Object.entries(def.actions) as [string, ActionDef<D>][]) {
    if (!a.label?.trim()) problems.push(`action ${name} has no label`);
    if (!a.from.length) problems.push(`action ${name} has no from state`);
    for (const f of a.from)
      if (!def.states[f]) problems.push(`action ${name}: from state ${f} is not defined`);
    const targets = a.to === undefined ? [] : typeof a.to === 'string' ? [a.to] : a.to;
    for (const t of targets)
      if (!def.states[t]) problems.push(`action ${name}: target state ${t} is not defined`);
    if (!a.by.length) problems.push(`action ${name} has no actor rule`);
    if (typeof a.handler !== 'function') problems.push(`action ${name} has no handler`);
    for (const [field, f] of Object.entries(a.fields ?? {}))
      if (!f.label?.trim()) problems.push(`action ${name}: field ${field} has no label`);
    if (a.from.every((f) => def.states[f]?.terminal))
      problems.push(`action ${name} starts only from terminal states`);
  }
  const reachable = new Set([def.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const a of Object.values(def.actions) as ActionDef<D>[]) {
      if (!a.from.some((f) => reachable.has(f))) continue;
      const targets = a.to === undefined ? [] : typeof a.to === 'string' ? [a.to] : a.to;
      for (const t of targets)
        if (!reachable.has(t)) {
          reachable.add(t);
          grew = true;
        }
    }
  }
  for (const s of states) if (!reachable.has(s)) problems.push(`state ${s} is unreachable`);
  if (problems.length)
    throw new Error(`workflow ${def.name} v${def.version} is invalid:\n- ${problems.join('\n- ')}`);

  const warningAction: ActionDef<D, Record<string, unknown>> = {
    label: '时限预警',
    from: states.filter((s) => !def.states[s]!.terminal),
    by: [{ system: true }],
    // Warnings only rise here (an approved extension lowers one through its own action), so a rerun
    // of the sweep on the same day finds nothing to do: idempotent.
    handler: ({ object: o, calendar, today, yellowShare }) => {
      const w = warningOf(calendar, o.clock, def.states[o.state]!.clockRuns, today, yellowShare);
      if (w === 'none' || WARNING_RANK[w] <= WARNING_RANK[o.warning]) return null;
      return { event: { type: 'warning.raised', warning: w, dueDate: dueDate(calendar, o.clock, today) } };
    },
  };
  return {
    ...def,
    actions: { ...def.actions, [RAISE_WARNING]: warningAction },
    eventSchema: z.union([def.events, kernelEvents]) as z.ZodType<WorkflowEvent>,
  };
}

export const initialClock = STOPPED;
