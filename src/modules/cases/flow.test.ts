import { describe, expect, it } from 'vitest';
import { completeStep, groupsOf, initialSteps, returnStep } from './flow.js';
import type { StepRow } from './repo.js';

const now = new Date('2026-11-23T02:00:00Z');
const defs = [
  { id: 'accept', name: '受理', role: 'window', days: 1 },
  { id: 'review', name: '审查', role: 'reviewer', days: 8, parallelGroup: 'cosign' },
  { id: 'cosign', name: '会签', role: 'reviewer', days: 8, parallelGroup: 'cosign' },
  { id: 'decide', name: '决定', role: 'approver', days: 1 },
];

function apply(steps: StepRow[], changes: ReturnType<typeof completeStep>): StepRow[] {
  return steps.map((s) =>
    changes.filter((c) => c.stepId === s.step_id).reduce((a, c) => Object.assign(a, c.patch), { ...s }),
  );
}

describe('flow steps', () => {
  it('opens the first step only', () => {
    const s = initialSteps('c', defs, now);
    expect(s.map((x) => x.status)).toEqual(['open', 'waiting', 'waiting', 'waiting']);
  });

  it('groups steps sharing a parallelGroup', () => {
    expect(groupsOf(initialSteps('c', defs, now)).map((g) => g.map((s) => s.step_id))).toEqual([
      ['accept'],
      ['review', 'cosign'],
      ['decide'],
    ]);
  });

  it('opens a parallel group at once and the next step only when all of it is done (并联会签)', () => {
    let s = initialSteps('c', defs, now);
    s = apply(s, completeStep(s, 'accept', 'u', now));
    expect(s.filter((x) => x.status === 'open').map((x) => x.step_id)).toEqual(['review', 'cosign']);
    s = apply(s, completeStep(s, 'cosign', 'u', now));
    expect(s.find((x) => x.step_id === 'decide')!.status).toBe('waiting');
    s = apply(s, completeStep(s, 'review', 'u', now));
    expect(s.find((x) => x.step_id === 'decide')!.status).toBe('open');
  });

  it('returns the open step to the previous group', () => {
    let s = initialSteps('c', defs, now);
    s = apply(s, completeStep(s, 'accept', 'u', now));
    s = apply(s, completeStep(s, 'review', 'u', now));
    s = apply(s, completeStep(s, 'cosign', 'u', now));
    s = apply(s, returnStep(s, 'decide', now)!);
    expect(s.filter((x) => x.status === 'open').map((x) => x.step_id)).toEqual(['review', 'cosign']);
    expect(s.find((x) => x.step_id === 'decide')!.status).toBe('waiting');
    expect(returnStep(s, 'accept', now)).toBeNull();
  });
});
