import { applyOp, type ClockState, STOPPED, type Warning } from './clock.js';
import type { Workflow } from './define.js';
import type { Envelope } from './executor.js';

export interface StoredEvent {
  type: string;
  payload: Record<string, unknown>;
}

export interface Replayed<D> {
  state: string;
  version: number;
  definitionVersion: number;
  departmentCode: string | null;
  clock: ClockState;
  warning: Warning;
  data: D;
}

/**
 * Rebuilds an object from its events, in order: a pure fold (no calendar, no database), because each
 * event carries its own effect (target state, resolved clock operations, the warning after it). Used
 * to verify the stored row in tests and to rebuild one after a repair, never on the read path.
 */
export function replay<D>(wf: Workflow<D>, events: readonly StoredEvent[]): Replayed<D> {
  const r: Replayed<D> = {
    state: wf.initial,
    version: 0,
    definitionVersion: wf.version,
    departmentCode: null,
    clock: STOPPED,
    warning: 'none',
    data: wf.initialData(),
  };
  for (const e of events) {
    const { wf: env, ...fields } = e.payload as { wf: Envelope } & Record<string, unknown>;
    if (!env) throw new Error(`event ${e.type} has no workflow envelope`);
    const typed = wf.eventSchema.parse({ ...fields, type: e.type });
    r.data = wf.evolve(r.data, typed);
    r.state = env.to;
    r.version = env.version;
    r.definitionVersion = env.definitionVersion;
    r.departmentCode = env.departmentCode;
    r.clock = env.clock.reduce(applyOp, r.clock);
    r.warning = env.warning;
  }
  return r;
}
