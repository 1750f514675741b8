import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketEvents as loadEvents, ticketStore } from '../../src/modules/hotline/repo.js';
import { ticketWorkflow } from '../../src/modules/hotline/workflow.js';
import { AppError } from '../../src/platform/errors.js';
import { replay } from '../../src/platform/workflow/index.js';
import { ENGINES } from '../helpers/engines.js';
import { type HotlineKernel, hotlineKernel, person, staff } from '../helpers/workflow.js';

const DEPT = 'SCJG-411200';
const OTHER = 'ZWFW-411200';

/** The principal (index below) who normally takes each action: most steps use it, so walks go deep. */
const USUAL: Record<string, number> = {
  answer: 0,
  dispatch: 0,
  return: 2,
  reply: 2,
  callback: 0,
  extend: 2,
  'approve-extension': 4,
  urge: 4,
  'raise-warning': 0,
};

const step = fc.record({
  who: fc.integer({ min: 0, max: 6 }),
  usual: fc.constantFrom(true, true, true, false),
  // The handler's actions weigh more: they need the ticket dispatched to their department first.
  action: fc.constantFrom(...Object.keys(ticketWorkflow.actions), 'reply', 'reply', 'callback'),
  reply: fc.constantFrom('已办理', '已办理', '', undefined),
  departmentCode: fc.constantFrom(DEPT, DEPT, DEPT, DEPT, OTHER, 'bad'),
  satisfaction: fc.constantFrom('satisfied', 'basically_satisfied', 'unsatisfied', 'unsatisfied', 'meh'),
  days: fc.constantFrom(1, 3, 3, 0),
  comment: fc.constantFrom('理由', '理由', undefined),
  stale: fc.constantFrom(false, false, false, true),
  advance: fc.constantFrom(0, 0, 1, 4),
  sweep: fc.boolean(),
});

describe.each(ENGINES)('ticket workflow property (%s)', (engine) => {
  let k: HotlineKernel;
  beforeAll(async () => {
    k = await hotlineKernel(engine);
  });
  afterAll(() => k?.close());

  it('random walks by random principals: refusals change nothing, terminal stays terminal, replay equals the row', async () => {
    const caller = person();
    const principals = [
      staff(['agent'], '411200'),
      staff(['agent'], '411300'),
      staff(['handler'], '411200', DEPT),
      staff(['handler'], '411200', OTHER),
      staff(['supervisor'], '411200'),
      caller,
      person(),
    ];
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 20 }),
        async (byCaller, steps) => {
          k.clock.set(new Date('2026-12-07T02:00:00Z'));
          const t = await k.hotline.intake(byCaller ? caller : principals[0]!, {
            channel: byCaller ? 'web' : 'phone',
            kind: 'complaint',
            categoryCode: 'SCJG-01',
            content: '噪音扰民',
            caller: { phone: '13800002222' },
            regionCode: '411202',
          });
          for (const s of steps) {
            k.clock.advanceDays(s.advance);
            if (s.sweep) await k.sweep.run();
            const before = await ticketStore.find(k.db, t.id);
            const eventsBefore = (await loadEvents(k.db, t.id)).length;
            const input = {
              action: s.action,
              reply: s.reply,
              departmentCode: s.departmentCode,
              satisfaction: s.satisfaction,
              days: s.days,
              comment: s.comment,
              ...(s.stale ? { expectedVersion: before!.version - 1 } : {}),
            };
            try {
              await k.hotline.act(principals[s.usual ? USUAL[s.action]! : s.who]!, t.id, input);
              expect(ticketWorkflow.states[before!.state]!.terminal).not.toBe(true);
              seen.add(`${s.action}:ok`);
            } catch (e) {
              if (!(e instanceof AppError) || e.status >= 500) throw e;
              seen.add(`${s.action}:${e.status}`);
              expect(await ticketStore.find(k.db, t.id)).toEqual(before);
              expect((await loadEvents(k.db, t.id)).length).toBe(eventsBefore);
            }
          }
          const row = (await ticketStore.find(k.db, t.id))!;
          const r = replay(ticketWorkflow, await loadEvents(k.db, t.id));
          const { createdAt: _a, ...data } = row.data;
          const { createdAt: _b, ...rebuilt } = r.data;
          expect({ ...r, data: rebuilt }).toEqual({
            state: row.state,
            version: row.version,
            definitionVersion: row.definitionVersion,
            departmentCode: row.departmentCode,
            clock: row.clock,
            warning: row.warning,
            data,
          });
        },
      ),
      { numRuns: 50, seed: 20261204 },
    );
    // The walk must actually reach the interesting paths, or the property proves little.
    for (const outcome of ['dispatch:ok', 'reply:ok', 'callback:ok', 'answer:403', 'reply:409', 'urge:ok'])
      expect(seen).toContain(outcome);
  }, 240_000);
});
