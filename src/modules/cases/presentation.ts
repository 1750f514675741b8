import type { Principal } from '../../platform/http/access.js';
import { allowedActions } from './allowed-actions.js';
import { dueDate, pausedDays, warningOf } from './deadline.js';
import type { Kit } from './kit.js';
import * as repo from './repo.js';
import { STATUS_LABEL } from './state.js';
import { shanghaiDate } from './types.js';

/** The clock inputs of a case (deadline.ts). */
export function clockOf(c: repo.CaseRow) {
  return {
    status: c.status,
    acceptedDate: c.accepted_at ? shanghaiDate(c.accepted_at) : null,
    promisedDays: c.promised_days,
    pausedWorkingDays: c.paused_working_days,
    pausedSince: c.paused_since,
  };
}

/** The case view and the list summary. */
export function createPresentation(kit: Kit) {
  const { db, deps, scopeOf } = kit;

  /** `viewer`: the caller, whose allowed actions the view carries (a bundle's sub-cases pass none). */
  async function present(
    c: repo.CaseRow,
    opts: { events?: boolean; viewer?: Principal; children?: repo.CaseRow[] } = { events: true },
  ) {
    const cal = await deps.calendar.workingDays();
    const today = deps.calendar.today();
    const [materials, steps, events] = await Promise.all([
      repo.materials(db, c.id),
      repo.steps(db, c.id),
      opts.events ? repo.caseEvents(db, c.id) : Promise.resolve([]),
    ]);
    const clock = clockOf(c);
    const names = await deps.identity.names([
      ...new Set(events.map((e) => e.actor_id).filter((x): x is string => !!x)),
    ]);
    const item =
      c.item_code && c.item_version ? await deps.catalog.itemVersion(c.item_code, c.item_version) : undefined;
    const allowed = opts.viewer
      ? allowedActions(opts.viewer, c, await scopeOf(opts.viewer), {
          steps,
          materials,
          children: opts.children,
        })
      : [];
    return {
      id: c.id,
      caseNo: c.case_no,
      itemCode: c.item_code,
      itemVersion: c.item_version,
      bundleCode: c.bundle_code,
      itemName: item
        ? [item.name, item.subName].filter(Boolean).join('（') + (item.subName ? '）' : '')
        : null,
      regionCode: c.region_code,
      departmentCode: c.department_code,
      applicant: { id: c.applicant_id, name: c.applicant_name, kind: c.applicant_kind },
      channel: c.channel,
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      createdAt: c.created_at.toISOString(),
      acceptedAt: c.accepted_at?.toISOString() ?? null,
      promisedDays: c.promised_days,
      dueDate: dueDate(cal, clock, today),
      pausedWorkingDays: pausedDays(cal, clock, today),
      warning: warningOf(cal, clock, today),
      visits: c.visits,
      delivery: c.delivery,
      trackingNo: c.tracking_no,
      decidedAt: c.decided_at?.toISOString() ?? null,
      deliveredAt: c.delivered_at?.toISOString() ?? null,
      form: c.form,
      correction:
        c.status === 'correction' ? { materials: c.correction_materials, from: c.correction_from } : null,
      materials: materials.map((m) => ({
        materialId: m.material_id,
        name: m.name,
        required: m.required,
        status: m.status,
        // 告知承诺: staff see the exact words that were signed.
        commitmentText: m.commitment_text,
        fileId: m.file_id,
        sharedSource: m.shared_source,
        owedUntil: m.owed_until,
        overdue: m.overdue_at !== null,
      })),
      steps: steps.map((s) => ({
        id: s.step_id,
        name: s.name,
        role: s.role,
        parallelGroup: s.parallel_group,
        status: s.status,
        assignee: s.assignee,
        completedAt: s.completed_at?.toISOString() ?? null,
      })),
      events: events.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        actor: e.actor_id,
        actorName: e.actor_id ? (names.get(e.actor_id) ?? null) : '系统',
        comment: (e.payload.comment as string | undefined) ?? null,
        data: e.payload,
      })),
      allowedActions: allowed,
    };
  }

  async function summary(c: repo.CaseRow) {
    const cal = await deps.calendar.workingDays();
    const today = deps.calendar.today();
    const item =
      c.item_code && c.item_version ? await deps.catalog.itemVersion(c.item_code, c.item_version) : undefined;
    return {
      id: c.id,
      caseNo: c.case_no,
      itemCode: c.item_code,
      itemName: item ? item.name + (item.subName ? `（${item.subName}）` : '') : c.bundle_code,
      bundleCode: c.bundle_code,
      regionCode: c.region_code,
      departmentCode: c.department_code,
      applicantName: c.applicant_name,
      channel: c.channel,
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      createdAt: c.created_at.toISOString(),
      acceptedAt: c.accepted_at?.toISOString() ?? null,
      dueDate: dueDate(cal, clockOf(c), today),
      warning: warningOf(cal, clockOf(c), today),
    };
  }

  return { present, summary };
}

export type Presentation = ReturnType<typeof createPresentation>;
