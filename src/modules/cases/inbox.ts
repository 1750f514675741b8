import type { Principal } from '../../platform/http/access.js';
import type { Kit } from './kit.js';
import type { Presentation } from './presentation.js';
import * as repo from './repo.js';
import type { CaseStatus } from './state.js';

/** 我的办件 and 待办: the lists an applicant and a member of staff work from. */
export function createInbox(kit: Kit, { summary }: Presentation) {
  const { db, deps } = kit;

  return {
    async mine(p: Principal, f: { status?: CaseStatus; limit: number; offset: number }) {
      const r = await repo.listCases(db, {
        applicantId: p.id,
        statuses: f.status ? [f.status] : undefined,
        parentOnly: true,
        limit: f.limit,
        offset: f.offset,
        order: 'newest',
      });
      return { total: r.total, items: await Promise.all(r.items.map((c) => summary(c))) };
    },

    /** 待办: what this member of staff can act on now, soonest deadline first. */
    async tasks(
      p: Principal,
      f: {
        status?: CaseStatus;
        itemCode?: string;
        warning?: 'none' | 'yellow' | 'red';
        q?: string;
        limit: number;
        offset: number;
      },
    ) {
      const backOffice = p.roles.filter((r) => r !== 'window' && r !== 'admin' && r !== 'supervisor');
      const filters: Omit<repo.CaseListFilter, 'limit' | 'offset' | 'order'>[] = [];
      if (p.roles.includes('window') && p.regionCode) {
        filters.push({
          regionCodes: await deps.regions.subtree(p.regionCode),
          statuses: f.status ? [f.status] : ['submitted', 'approved'],
        });
      }
      if (backOffice.length && p.departmentCode) {
        filters.push({
          departmentCode: p.departmentCode,
          statuses: f.status ? [f.status] : ['accepted', 'in_review'],
          openStepRoles: backOffice,
        });
      }
      if (!filters.length) return { total: 0, counts: { none: 0, yellow: 0, red: 0 }, items: [] };
      // A clerk is rarely also a reviewer: one list per hat, merged by deadline.
      const results = await Promise.all(
        filters.map((base) =>
          repo.listCases(db, {
            ...base,
            itemCode: f.itemCode,
            warning: f.warning,
            q: f.q,
            limit: f.limit + f.offset,
            offset: 0,
            order: 'due',
          }),
        ),
      );
      const all = [...new Map(results.flatMap((r) => r.items).map((c) => [c.id, c])).values()].sort(
        (a, b) =>
          (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') ||
          a.created_at.getTime() - b.created_at.getTime(),
      );
      const counts = { none: 0, yellow: 0, red: 0 };
      for (const r of results)
        for (const k of ['none', 'yellow', 'red'] as const) counts[k] += r.byWarning[k];
      const page = all.slice(f.offset, f.offset + f.limit);
      const open = await repo.openStepsOf(
        db,
        page.map((c) => c.id),
      );
      return {
        total: f.warning ? counts[f.warning] : counts.none + counts.yellow + counts.red,
        counts,
        items: await Promise.all(
          page.map(async (c) => ({
            ...(await summary(c)),
            openSteps: open
              .filter((s) => s.case_id === c.id)
              .map((s) => ({ id: s.step_id, name: s.name, role: s.role })),
          })),
        ),
      };
    },
  };
}
