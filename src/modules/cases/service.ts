import type { ObjectFacts } from '../../platform/authz/index.js';
import type { Principal } from '../../platform/http/access.js';
import { renderOfficialNotice } from '../../platform/pdf/official-notice.js';
import { createActions } from './actions.js';
import { createBundleActions } from './bundle-actions.js';
import { createBundleIntake } from './bundle-intake.js';
import { createDrafts } from './drafts.js';
import { createInbox } from './inbox.js';
import { createIntake } from './intake.js';
import { createKit } from './kit.js';
import { createMaterials } from './materials.js';
import { buildNotice, type NoticeKind } from './notices.js';
import { createPresentation } from './presentation.js';
import * as repo from './repo.js';
import { caseFacts } from './scope.js';
import { ACTIONS } from './state.js';
import { createSweep } from './sweep.js';
import { type CaseDeps, type CaseReference, UUID } from './types.js';

export type {
  ActionInput,
  ApplicantInfo,
  ApplyInput,
  BundleApplyInput,
  CaseDeps,
  CaseReference,
  LicenceRequest,
  MaterialInput,
} from './types.js';

/**
 * The cases module's service, composed of its parts: intake (intake.ts, bundle-intake.ts), actions
 * (actions.ts with one handler per action in action-handlers.ts, bundle-actions.ts), materials,
 * presentation, inbox, drafts and the deadline sweep.
 */
export function createCaseService(deps: CaseDeps) {
  const kit = createKit(deps);
  const { db, deferredDays, loadReadable } = kit;
  const presentation = createPresentation(kit);
  const { present } = presentation;
  const intake = createIntake(kit);
  const bundleActions = createBundleActions(kit);
  const { act } = createActions(kit, bundleActions);

  return {
    applicantFields: intake.applicantFields,
    apply: intake.apply,
    ...createBundleIntake(kit, intake),
    act,
    ...createMaterials(kit, presentation),

    async get(p: Principal, id: string) {
      const c = await loadReadable(p, id);
      if (c.bundle_code) {
        const children = await repo.childrenOf(db, c.id);
        const view = await present(c, { events: true, viewer: p, children });
        return { ...view, children: await Promise.all(children.map((ch) => present(ch, { events: false }))) };
      }
      return present(c, { events: true, viewer: p });
    },

    /** 受理通知书 / 补正材料通知书 / 不予受理决定书 as a sealed PDF. */
    async notice(p: Principal, id: string, kind: NoticeKind): Promise<{ pdf: Buffer; fileName: string }> {
      const c = await loadReadable(p, id);
      const [events, materials, item, dept] = await Promise.all([
        repo.caseEvents(db, id),
        repo.materials(db, id),
        c.item_code && c.item_version ? deps.catalog.itemVersion(c.item_code, c.item_version) : undefined,
        c.department_code ? deps.catalog.directory.department(c.department_code) : undefined,
      ]);
      const notice = buildNotice(kind, c, events, materials, {
        itemName: item ? item.name + (item.subName ? `（${item.subName}）` : '') : (c.bundle_code ?? '申请'),
        departmentName: dept?.name ?? '政务服务中心',
      });
      return { pdf: await renderOfficialNotice(notice), fileName: `${notice.title}-${c.case_no}.pdf` };
    },

    ...createInbox(kit, presentation),
    ...createSweep(kit),
    drafts: createDrafts(kit),

    actions: ACTIONS,
    /** 容缺: working days an applicant has to supply a deferred material (published by GET /api/meta). */
    deferredDays,

    /**
     * A case as other modules' authorization needs it (platform/authz facts), with what a data
     * lookup or a staff licence read checks against it: applicant, form, and the sources the item's
     * materials draw on (`sharedFrom`). Undefined for an unknown id.
     */
    async reference(id: string): Promise<CaseReference | undefined> {
      const c = UUID.test(id) ? await repo.findCase(db, id) : undefined;
      if (!c) return undefined;
      const item =
        c.item_code && c.item_version
          ? await deps.catalog.itemVersion(c.item_code, c.item_version)
          : undefined;
      return {
        facts: caseFacts(c),
        caseNo: c.case_no,
        applicantId: c.applicant_id,
        departmentCode: c.department_code,
        form: c.form,
        drawsOn: [
          ...new Set((item?.materials ?? []).map((m) => m.sharedFrom).filter((x): x is string => !!x)),
        ],
      };
    },

    /** The cases holding an uploaded file, as authorization facts (the files module's read rule). */
    async holdingFile(fileId: string): Promise<ObjectFacts[]> {
      if (!UUID.test(fileId)) return [];
      return (await repo.casesHoldingFile(db, fileId)).map(caseFacts);
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
