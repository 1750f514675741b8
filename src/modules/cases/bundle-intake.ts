import { randomUUID } from 'node:crypto';
import { transaction } from '../../platform/db/unit-of-work.js';
import { type FieldError, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import { splitMergedForm } from '../catalog/bundle-merge.js';
import { withApplicantFieldsMerged } from './applicant-fields.js';
import { validateForm } from './form-validation.js';
import type { Intake } from './intake.js';
import type { Kit } from './kit.js';
import * as repo from './repo.js';
import {
  type BundleApplyInput,
  blankCase,
  type CaseDeps,
  DELIVERY_NEEDS,
  type ItemPlan,
  itemDocs,
  type MaterialInput,
} from './types.js';

export function createBundleIntake(kit: Kit, intake: Intake) {
  const { db, deps } = kit;
  const { resolveApplicant, prepareItem, insertItemCase } = intake;

  return {
    /**
     * 一件事一次办: one merged form and one material list fan out to one sub-case per item, each routed
     * to the implementing department of the region, all created in one transaction or none at all.
     */
    async applyBundle(p: Principal, input: BundleApplyInput) {
      const { applicant, atWindow } = await resolveApplicant(p, input);
      const bundle = await deps.bundles.bundle(input.bundleCode).catch(() => undefined);
      if (!bundle)
        throw validationFailed([{ field: 'bundleCode', message: `一件事 ${input.bundleCode} 不存在` }]);
      const errors: FieldError[] = [];
      if (!bundle.servedObjects.includes(applicant.kind)) {
        errors.push({
          field: 'bundleCode',
          message: applicant.kind === 'person' ? '该一件事仅面向法人办理' : '该一件事仅面向个人办理',
        });
      }
      // Items that do not serve this kind of applicant are not part of their matter (an enterprise opening
      // a restaurant does not register as a 个体工商户): they are left out, with their form fields.
      const impls = new Map<string, Awaited<ReturnType<CaseDeps['catalog']['implementation']>>>();
      for (const child of bundle.items)
        impls.set(child.code, await deps.catalog.implementation(child.code, input.regionCode));
      const applies = (code: string) => {
        const impl = impls.get(code);
        return typeof impl !== 'object' || impl.doc.servedObjects.includes(applicant.kind);
      };
      const children = bundle.items.filter((c) => applies(c.code));
      if (!children.length)
        errors.push({ field: 'bundleCode', message: '该一件事中没有适用于当前申请人的事项' });
      const sources = (bundle.form['x-sources'] ?? {}) as Record<string, { itemCode: string }[]>;
      const form = structuredClone(bundle.form) as {
        properties: Record<string, unknown>;
        required?: string[];
      };
      const values = withApplicantFieldsMerged(bundle.form, itemDocs(impls), applicant, input.form);
      for (const [key, from] of Object.entries(sources)) {
        if (from.some((f) => applies(f.itemCode))) continue;
        delete form.properties[key];
        delete values[key];
      }
      form.required = (form.required ?? []).filter((k) => k in form.properties);
      errors.push(
        ...validateForm(
          `bundle:${bundle.code}:${applicant.kind}:${bundle.items.map((x) => x.version).join('.')}`,
          form as Record<string, unknown>,
          values,
        ),
      );
      const merged = new Map(bundle.materials.map((m) => [m.id, m]));
      for (const [i, m] of input.materials.entries()) {
        if (!merged.has(m.materialId))
          errors.push({
            field: `materials.${i}.materialId`,
            message: `本一件事没有编号为 ${m.materialId} 的材料`,
          });
      }
      const forms = splitMergedForm(bundle.form as never, values);
      const plans: ItemPlan[] = [];
      const notHere: string[] = [];
      const missing = new Set<string>();
      for (const child of children) {
        const impl = impls.get(child.code)!;
        if (impl === 'no-item' || impl === 'not-here') {
          notHere.push(child.name);
          continue;
        }
        // The merged material list maps back to each item's own material ids.
        const materials: MaterialInput[] = [];
        for (const m of input.materials) {
          for (const src of merged.get(m.materialId)?.sources ?? []) {
            if (src.itemCode === child.code) materials.push({ ...m, materialId: src.materialId });
          }
        }
        // A delivery mode the item does not offer falls back to the window for that sub-case.
        const offers = impl.doc.handlingModes.includes(DELIVERY_NEEDS[input.delivery.mode] as never);
        const plan = await prepareItem(p, applicant, atWindow, impl, {
          ...input,
          itemCode: child.code,
          form: forms.get(child.code) ?? {},
          materials,
          delivery: offers ? input.delivery : { mode: 'window' },
        });
        for (const e of plan.errors) {
          if (e.field === 'materials')
            for (const name of e.message.replace(/^缺少必需材料：/, '').split('、')) missing.add(name);
          else if (e.field.startsWith('delivery')) errors.push(e);
          else if (e.field === 'itemCode')
            errors.push({ field: 'bundleCode', message: `${child.name}：${e.message}` });
          else if (!e.field.startsWith('form') && !e.field.startsWith('materials.')) errors.push(e);
        }
        plans.push(plan);
      }
      if (notHere.length)
        errors.push({ field: 'regionCode', message: `所选区划未实施：${notHere.join('、')}` });
      if (missing.size)
        errors.push({ field: 'materials', message: `缺少必需材料：${[...missing].join('、')}` });
      const unique = [...new Map(errors.map((e) => [`${e.field}|${e.message}`, e])).values()];
      if (unique.length) throw validationFailed(unique);

      const id = randomUUID();
      const today = deps.calendar.today();
      return transaction(db, async (tx) => {
        const caseNo = await repo.insertCase(
          tx,
          {
            ...blankCase(),
            id,
            bundle_code: bundle.code,
            region_code: input.regionCode,
            applicant_id: applicant.id,
            applicant_kind: applicant.kind,
            applicant_name: applicant.name,
            channel: atWindow ? 'window' : 'online',
            submitted_by: p.id,
            // As filed: the applicant's own fields from the account (applicant-fields.ts).
            form: values,
            delivery: input.delivery,
            promised_days: bundle.promisedDays,
            visits: atWindow ? 1 : 0,
          },
          today,
        );
        const children = [];
        for (const plan of plans) {
          const child = await insertItemCase(tx, p, { ...plan, visits: 0 }, id);
          children.push({ ...child, itemCode: plan.item.code, departmentCode: plan.departmentCode });
        }
        await appendEvent(tx, {
          aggregateType: 'case',
          aggregateId: id,
          type: 'submitted',
          actorId: p.id,
          regionCode: input.regionCode,
          payload: {
            to: 'submitted',
            caseNo,
            bundleCode: bundle.code,
            children: children.map((c) => c.id),
            visits: atWindow ? 1 : 0,
          },
        });
        return { id, caseNo, status: 'submitted' as const, children };
      });
    },
  };
}
