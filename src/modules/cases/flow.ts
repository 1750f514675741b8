import type { StepRow } from './repo.js';

export interface FlowStepDef {
  id: string;
  name: string;
  role: string;
  days: number;
  parallelGroup?: string | null;
}

/**
 * Steps run in groups: consecutive steps sharing a parallelGroup are open at once and all must finish
 * (并联会签); any other step is a group of its own.
 */
export function groupsOf<T extends { parallel_group: string | null; seq: number }>(steps: T[]): T[][] {
  const sorted = [...steps].sort((a, b) => a.seq - b.seq);
  const groups: T[][] = [];
  for (const s of sorted) {
    const last = groups.at(-1);
    if (last && s.parallel_group && last[0]!.parallel_group === s.parallel_group) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

export function initialSteps(caseId: string, defs: FlowStepDef[], now: Date): StepRow[] {
  const rows: StepRow[] = defs.map((d, i) => ({
    case_id: caseId,
    step_id: d.id,
    seq: i + 1,
    name: d.name,
    role: d.role,
    parallel_group: d.parallelGroup ?? null,
    days: d.days,
    status: 'waiting',
    assignee: null,
    opened_at: null,
    completed_at: null,
    completed_by: null,
  }));
  for (const s of groupsOf(rows)[0] ?? []) {
    s.status = 'open';
    s.opened_at = now;
  }
  return rows;
}

export interface StepChange {
  stepId: string;
  patch: Partial<StepRow>;
}

/** Completing a step: when its whole group is done, the next group opens. */
export function completeStep(steps: StepRow[], stepId: string, by: string, now: Date): StepChange[] {
  const changes: StepChange[] = [{ stepId, patch: { status: 'done', completed_at: now, completed_by: by } }];
  const after = steps.map((s) => (s.step_id === stepId ? { ...s, status: 'done' as const } : s));
  const groups = groupsOf(after);
  const idx = groups.findIndex((g) => g.some((s) => s.step_id === stepId));
  if (groups[idx]!.every((s) => s.status === 'done')) {
    for (const s of groups[idx + 1] ?? []) {
      if (s.status === 'waiting')
        changes.push({ stepId: s.step_id, patch: { status: 'open', opened_at: now } });
    }
  }
  return changes;
}

/** Returning (退回): the open group goes back to waiting and the previous group reopens. */
export function returnStep(steps: StepRow[], stepId: string, now: Date): StepChange[] | null {
  const groups = groupsOf(steps);
  const idx = groups.findIndex((g) => g.some((s) => s.step_id === stepId));
  if (idx <= 0) return null;
  return [
    ...groups[idx]!.map((s) => ({
      stepId: s.step_id,
      patch: { status: 'waiting' as const, opened_at: null, completed_at: null, completed_by: null },
    })),
    ...groups[idx - 1]!.map((s) => ({
      stepId: s.step_id,
      patch: { status: 'open' as const, opened_at: now, completed_at: null, completed_by: null },
    })),
  ];
}

export function openSteps(steps: StepRow[]): StepRow[] {
  return steps.filter((s) => s.status === 'open');
}
