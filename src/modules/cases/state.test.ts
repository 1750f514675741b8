import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/http/access.js';
import { ACTIONS, type CaseStatus, STATUSES, TERMINAL, TRANSITIONS } from './state.js';

describe('the transition table', () => {
  it('lets nothing leave a terminal state', () => {
    for (const action of ACTIONS) {
      for (const t of TERMINAL)
        expect(TRANSITIONS[action].from as readonly CaseStatus[], `${action} from ${t}`).not.toContain(t);
    }
  });

  it('only lets the applicant withdraw, and only before a decision', () => {
    const byApplicant = ACTIONS.filter((a) => (TRANSITIONS[a].by as readonly string[]).includes('applicant'));
    expect(byApplicant.sort()).toEqual(['resubmit', 'withdraw']);
    expect(TRANSITIONS.withdraw.from).not.toContain('approved');
  });

  it('keeps decisions to approvers and acceptance to the window', () => {
    expect(TRANSITIONS.approve.by).toEqual(['approver']);
    expect(TRANSITIONS.deny.by).toEqual(['approver']);
    expect(TRANSITIONS.accept.by).toEqual(['window']);
    expect(TRANSITIONS.deliver.by).toEqual(['window']);
  });

  it('demands a reason for refusals', () => {
    for (const a of ['reject', 'deny', 'return-step'] as const)
      expect(TRANSITIONS[a].needsComment).toBe(true);
  });

  it('names only known states and roles', () => {
    for (const a of ACTIONS) {
      const t = TRANSITIONS[a];
      for (const f of t.from) expect(STATUSES).toContain(f);
      if ('to' in t && t.to) expect(STATUSES).toContain(t.to);
      for (const b of t.by) expect([...ROLES, 'applicant']).toContain(b);
    }
  });

  it('gives every non-terminal state a way forward', () => {
    for (const s of STATUSES.filter((x) => !TERMINAL.includes(x))) {
      expect(
        ACTIONS.some((a) => (TRANSITIONS[a].from as readonly CaseStatus[]).includes(s)),
        s,
      ).toBe(true);
    }
  });
});
