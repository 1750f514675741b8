import { passBusy } from '../../platform/db/errors.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { appendEvent } from '../../platform/events.js';
import { dueDate, warningOf } from './deadline.js';
import type { Kit } from './kit.js';
import { clockOf } from './presentation.js';
import * as repo from './repo.js';

export function createSweep(kit: Kit) {
  const { db, deps } = kit;

  return {
    /** The deadline sweep: refresh warnings of running cases and flag owed materials past their date. */
    async sweep(): Promise<{ checked: number; changed: number; overdueMaterials: number }> {
      const cal = await deps.calendar.workingDays();
      const today = deps.calendar.today();
      let after: string | null = null;
      let checked = 0;
      let changed = 0;
      for (;;) {
        const batch = await repo.sweepCandidates(db, after, 500);
        if (!batch.length) break;
        after = batch.at(-1)!.id;
        for (const c of batch) {
          checked++;
          const w = warningOf(cal, clockOf(c), today);
          if (w === c.warning) continue;
          // A case another action holds past lock_timeout is left for the next sweep (passBusy): one
          // stuck transaction must not stop the warnings of every case after it.
          await transaction(db, async (tx) => {
            const locked = await repo.lockCase(tx, c.id);
            if (!locked || locked.warning === w) return;
            const fresh = warningOf(cal, clockOf(locked), today);
            if (fresh === locked.warning) return;
            await repo.updateCase(tx, c.id, { warning: fresh });
            await appendEvent(tx, {
              aggregateType: 'case',
              aggregateId: c.id,
              type: `warning.${fresh}`,
              regionCode: c.region_code,
              payload: {
                from: locked.warning,
                warning: fresh,
                dueDate: dueDate(cal, clockOf(locked), today),
              },
            });
            changed++;
          }).catch(passBusy);
        }
      }
      const overdue = await repo.overdueOwedMaterials(db, today);
      for (const m of overdue) {
        await transaction(db, async (tx) => {
          await repo.updateMaterial(tx, m.case_id, m.material_id, { overdue_at: new Date() });
          await appendEvent(tx, {
            aggregateType: 'case',
            aggregateId: m.case_id,
            type: 'material.overdue',
            regionCode: m.region_code,
            payload: { materialId: m.material_id, name: m.name, owedUntil: m.owed_until },
          });
        });
      }
      return { checked, changed, overdueMaterials: overdue.length };
    },
  };
}
