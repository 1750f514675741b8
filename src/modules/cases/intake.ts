import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { type FieldError, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import type { CatalogItem } from '../catalog/catalog-format.js';
import {
  applicantFieldsOf,
  applicantFieldView,
  mergedApplicantFields,
  withApplicantFields,
} from './applicant-fields.js';
import { checkCommitmentText, commitmentText } from './commitment.js';
import { initialSteps } from './flow.js';
import { validateForm } from './form-validation.js';
import type { Kit } from './kit.js';
import * as repo from './repo.js';
import type { CaseStatus } from './state.js';
import {
  type ApplicantInfo,
  type ApplyInput,
  blankCase,
  type CaseDeps,
  DELIVERY_LABEL,
  DELIVERY_NEEDS,
  type ItemPlan,
  itemDocs,
  type MaterialInput,
} from './types.js';

/** Applying for one item: the applicant, the checks made before anything is written, the new case. */
export function createIntake(kit: Kit) {
  const { db, deps } = kit;

  async function checkMaterials(
    item: CatalogItem,
    inputs: MaterialInput[],
    applicant: ApplicantInfo,
    uploaders: string[],
  ): Promise<{ rows: Omit<repo.MaterialRow, 'updated_at' | 'case_id'>[]; errors: FieldError[] }> {
    const errors: FieldError[] = [];
    const byId = new Map(item.materials.map((m) => [m.id, m]));
    const given = new Map<string, MaterialInput>();
    // Every attached file is looked up at once, and once when several materials share a file.
    const fileIds = [...new Set(inputs.flatMap((m) => ('fileId' in m ? [m.fileId] : [])))];
    const files = new Map(
      await Promise.all(fileIds.map(async (fileId) => [fileId, await deps.files.getFile(fileId)] as const)),
    );
    for (const [i, m] of inputs.entries()) {
      const def = byId.get(m.materialId);
      if (!def) {
        errors.push({
          field: `materials.${i}.materialId`,
          message: `本事项没有编号为 ${m.materialId} 的材料`,
        });
        continue;
      }
      if (given.has(m.materialId)) {
        errors.push({ field: `materials.${i}.materialId`, message: `材料「${def.name}」重复提交` });
        continue;
      }
      if ('fileId' in m) {
        const f = files.get(m.fileId);
        if (!f || !uploaders.includes(f.owner_id)) {
          errors.push({ field: `materials.${i}.fileId`, message: '文件不存在或不属于申请人，请重新上传' });
          continue;
        }
      } else if ('commitment' in m && !def.allowCommitment) {
        errors.push({ field: `materials.${i}.commitment`, message: `材料「${def.name}」不适用告知承诺` });
        continue;
      } else if ('commitment' in m) {
        const tampered = checkCommitmentText(m.commitmentText, commitmentText(def.name, applicant.name), i);
        if (tampered) {
          errors.push(tampered);
          continue;
        }
      } else if ('deferred' in m && !def.allowDeferred) {
        errors.push({ field: `materials.${i}.deferred`, message: `材料「${def.name}」不适用容缺受理` });
        continue;
      }
      given.set(m.materialId, m);
    }
    const rows: Omit<repo.MaterialRow, 'updated_at' | 'case_id'>[] = [];
    const missing: string[] = [];
    for (const def of item.materials) {
      const m = given.get(def.id);
      const base = {
        material_id: def.id,
        name: def.name,
        required: def.required,
        file_id: null,
        commitment_text: null,
        shared_source: null,
        owed_until: null,
        supplied_at: null,
        overdue_at: null,
      };
      if (m && 'fileId' in m)
        rows.push({ ...base, status: 'provided', file_id: m.fileId, supplied_at: new Date() });
      else if (m && 'commitment' in m) {
        rows.push({
          ...base,
          status: 'commitment',
          commitment_text: commitmentText(def.name, applicant.name),
        });
      } else if (m && 'deferred' in m) rows.push({ ...base, status: 'deferred' });
      else {
        const shared = def.sharedFrom && deps.shared ? await deps.shared.resolve(applicant, def) : null;
        if (shared) rows.push({ ...base, status: 'shared', shared_source: shared.source });
        else {
          rows.push({ ...base, status: 'missing' });
          if (def.required) missing.push(def.name);
        }
      }
    }
    if (missing.length) errors.push({ field: 'materials', message: `缺少必需材料：${missing.join('、')}` });
    return { rows, errors };
  }

  async function resolveApplicant(p: Principal, input: { regionCode: string; applicantId?: string }) {
    const atWindow = p.kind === 'staff';
    if (atWindow) {
      if (!p.roles.includes('window')) throw forbidden('只有综合窗口工作人员可以代为申请');
      if (!input.applicantId)
        throw validationFailed([{ field: 'applicantId', message: '请选择或登记申请人' }]);
      const subtree = await deps.regions.subtree(p.regionCode ?? '');
      if (!subtree.includes(input.regionCode)) throw forbidden('该区划不在本窗口受理范围内');
    } else if (input.applicantId && input.applicantId !== p.id) {
      throw forbidden('不能替他人申请');
    }
    const applicant = await deps.identity.applicant(atWindow ? input.applicantId! : p.id);
    if (!applicant) throw validationFailed([{ field: 'applicantId', message: '申请人不存在' }]);
    return { applicant, atWindow };
  }

  /** Everything checked before anything is written: every problem is reported at once. */
  async function prepareItem(
    p: Principal,
    applicant: ApplicantInfo,
    atWindow: boolean,
    impl: { doc: CatalogItem; version: number; departmentCode: string },
    input: Omit<ApplyInput, 'applicantId'>,
  ): Promise<ItemPlan> {
    const item = impl.doc;
    const errors: FieldError[] = [];
    if (!item.servedObjects.includes(applicant.kind)) {
      errors.push({
        field: 'itemCode',
        message: applicant.kind === 'person' ? '该事项仅面向法人办理' : '该事项仅面向个人办理',
      });
    }
    if (!item.handlingModes.includes(DELIVERY_NEEDS[input.delivery.mode] as never)) {
      errors.push({ field: 'delivery.mode', message: `该事项不提供${DELIVERY_LABEL[input.delivery.mode]}` });
    }
    if (input.delivery.mode === 'express' && !input.delivery.address?.trim()) {
      errors.push({ field: 'delivery.address', message: '快递送达请填写收件地址' });
    }
    const form = withApplicantFields(item, applicant, input.form);
    errors.push(...validateForm(`${item.code}@${impl.version}`, item.form as Record<string, unknown>, form));
    const checked = await checkMaterials(
      item,
      input.materials,
      applicant,
      atWindow ? [applicant.id, p.id] : [applicant.id],
    );
    errors.push(...checked.errors);
    return {
      errors,
      item,
      version: impl.version,
      departmentCode: impl.departmentCode,
      applicant,
      atWindow,
      regionCode: input.regionCode,
      form,
      delivery: input.delivery,
      materials: checked.rows,
      // 最多跑一次: an application made at the window is one visit; online is none.
      visits: atWindow ? 1 : 0,
    };
  }

  async function insertItemCase(tx: Tx, p: Principal, plan: ItemPlan, parentId: string | null) {
    const id = randomUUID();
    const caseNo = await repo.insertCase(
      tx,
      {
        ...blankCase(),
        id,
        parent_id: parentId,
        item_code: plan.item.code,
        item_version: plan.version,
        region_code: plan.regionCode,
        department_code: plan.departmentCode,
        applicant_id: plan.applicant.id,
        applicant_kind: plan.applicant.kind,
        applicant_name: plan.applicant.name,
        channel: plan.atWindow ? 'window' : 'online',
        submitted_by: p.id,
        form: plan.form,
        delivery: plan.delivery,
        promised_days: plan.item.promisedDays,
        visits: plan.visits,
      },
      deps.calendar.today(),
    );
    await repo.insertMaterials(
      tx,
      plan.materials.map((r) => ({ ...r, case_id: id })),
    );
    const sharedUses = plan.materials
      .filter((r) => r.status === 'shared' && r.shared_source)
      .map((r) => ({ materialId: r.material_id, source: r.shared_source! }));
    if (sharedUses.length && deps.shared) {
      await deps.shared.recordUse(tx, {
        applicantId: plan.applicant.id,
        caseId: id,
        caseNo,
        departmentCode: plan.departmentCode,
        actorId: p.id,
        itemName: plan.item.name + (plan.item.subName ? `（${plan.item.subName}）` : ''),
        materials: sharedUses,
      });
    }
    await repo.insertSteps(tx, initialSteps(id, plan.item.flow.steps, new Date()));
    await appendEvent(tx, {
      aggregateType: 'case',
      aggregateId: id,
      type: 'submitted',
      actorId: p.id,
      regionCode: plan.regionCode,
      payload: {
        to: 'submitted',
        caseNo,
        parentId,
        itemCode: plan.item.code,
        itemVersion: plan.version,
        channel: plan.atWindow ? 'window' : 'online',
        applicantId: plan.applicant.id,
        departmentCode: plan.departmentCode,
        visits: plan.visits,
      },
    });
    return { id, caseNo };
  }

  return {
    resolveApplicant,
    prepareItem,
    insertItemCase,
    /**
     * The form fields the server fills from the real-name account (the applicant a clerk took in),
     * for the web app to show read-only; ID numbers masked.
     */
    async applicantFields(
      p: Principal,
      input: { itemCode?: string; bundleCode?: string; regionCode: string; applicantId?: string },
    ) {
      const { applicant } = await resolveApplicant(p, input);
      if (input.bundleCode) {
        const bundle = await deps.bundles.bundle(input.bundleCode).catch(() => undefined);
        if (!bundle) throw notFound('一件事', input.bundleCode);
        const impls = new Map<string, Awaited<ReturnType<CaseDeps['catalog']['implementation']>>>();
        for (const child of bundle.items)
          impls.set(child.code, await deps.catalog.implementation(child.code, input.regionCode));
        return {
          fields: applicantFieldView(
            mergedApplicantFields(bundle.form, itemDocs(impls), applicant.kind),
            applicant,
          ),
        };
      }
      const impl = await deps.catalog.implementation(input.itemCode ?? '', input.regionCode);
      if (typeof impl !== 'object') throw notFound('事项', input.itemCode ?? '');
      return { fields: applicantFieldView(applicantFieldsOf(impl.doc, applicant.kind), applicant) };
    },

    async apply(
      p: Principal,
      input: ApplyInput,
    ): Promise<{ id: string; caseNo: string; status: CaseStatus }> {
      const { applicant, atWindow } = await resolveApplicant(p, input);
      const impl = await deps.catalog.implementation(input.itemCode, input.regionCode);
      if (impl === 'no-item')
        throw validationFailed([{ field: 'itemCode', message: `事项 ${input.itemCode} 不存在` }]);
      if (impl === 'not-here') {
        throw validationFailed([{ field: 'regionCode', message: '该事项在所选区划未实施，请选择其他区划' }]);
      }
      const plan = await prepareItem(p, applicant, atWindow, impl, input);
      if (plan.errors.length) throw validationFailed(plan.errors);
      return transaction(db, async (tx) => {
        const created = await insertItemCase(tx, p, plan, null);
        return { ...created, status: 'submitted' as const };
      });
    },
  };
}

export type Intake = ReturnType<typeof createIntake>;
