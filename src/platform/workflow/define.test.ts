import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allowedActions, evaluate } from './allowed.js';
import { STOPPED } from './clock.js';
import { defineWorkflow, RAISE_WARNING } from './define.js';
import type { WorkflowDefinition, WorkflowObject } from './types.js';

const base = (): WorkflowDefinition<Record<string, never>> => ({
  name: 'demo',
  version: 1,
  noun: '事项',
  stateConflictCode: 'case_state',
  initial: 'open',
  states: {
    open: { label: '办理中', clockRuns: true },
    done: { label: '已办结', terminal: true, clockRuns: false },
  },
  events: z.object({ type: z.literal('demo.done') }),
  initialData: () => ({}),
  evolve: (d) => d,
  actions: {
    finish: {
      label: '办结',
      from: ['open'],
      to: 'done',
      by: [{ role: 'clerk', scope: 'region' }],
      handler: () => ({ event: { type: 'demo.done' } }),
    },
  },
});

describe('workflow definitions are checked at boot', () => {
  it('accepts a sound definition and adds the sweep action from every non-terminal state', () => {
    const wf = defineWorkflow(base());
    expect(wf.actions[RAISE_WARNING]?.from).toEqual(['open']);
  });

  it('names every unknown state, missing label, rule, handler and unreachable state at once', () => {
    const d = base();
    d.states.limbo = { label: '', clockRuns: false };
    d.actions.finish = { ...d.actions.finish!, to: 'gone', by: [], label: '' };
    d.actions.reopen = {
      label: '重开',
      from: ['nowhere'],
      by: [{ relation: 'caller' }],
      handler: undefined as never,
    };
    const err = (() => {
      try {
        defineWorkflow(d);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    for (const fragment of [
      'state limbo has no label',
      'action finish has no label',
      'target state gone is not defined',
      'action finish has no actor rule',
      'from state nowhere is not defined',
      'action reopen has no handler',
      'state done is unreachable',
      'state limbo is unreachable',
    ])
      expect(err).toContain(fragment);
  });
});

describe('one guard for allowedActions and the executor', () => {
  const wf = defineWorkflow(base());
  const o: WorkflowObject<Record<string, never>> = {
    id: 'x',
    state: 'open',
    version: 1,
    definitionVersion: 1,
    regionCode: '411202',
    departmentCode: null,
    parties: {},
    clock: STOPPED,
    warning: 'none',
    data: {},
  };
  const clerk = {
    id: 'c',
    kind: 'staff' as const,
    roles: ['clerk'],
    regionCode: '411200',
    departmentCode: null,
  };

  it('checks role and scope before the state, so an outsider is forbidden whatever the state', () => {
    expect(evaluate(wf, clerk, o, 'finish', { regionSubtree: ['411200', '411202'] }).ok).toBe(true);
    expect(evaluate(wf, clerk, o, 'finish', { regionSubtree: ['411300'] })).toMatchObject({
      reason: 'forbidden',
    });
    const done = { ...o, state: 'done' };
    expect(evaluate(wf, clerk, done, 'finish', { regionSubtree: ['411300'] })).toMatchObject({
      reason: 'forbidden',
    });
    expect(evaluate(wf, clerk, done, 'finish', { regionSubtree: ['411202'] })).toMatchObject({
      reason: 'state',
      detail: '事项当前状态为「已办结」，不能「办结」',
    });
  });

  it('never offers the system-only warning action to a person', () => {
    expect(allowedActions(wf, clerk, o, { regionSubtree: ['411202'] }).map((a) => a.name)).toEqual([
      'finish',
    ]);
  });
});
