import type { DbOrTx } from '../../platform/db/database.js';
import type { OutboxEvent } from '../../platform/outbox.js';
import * as repo from './repo.js';

export interface CaseNotifierDeps {
  notify: {
    notify(
      tx: DbOrTx,
      n: {
        accountId: string;
        eventId: number;
        caseId?: string | null;
        title: string;
        body: string;
        smsTo?: string | null;
      },
    ): Promise<void>;
  };
  identity: { applicant(id: string): Promise<{ phone: string | null } | undefined> };
  itemName(code: string, version: number): Promise<string | undefined>;
}

const DELIVERY_TEXT: Record<string, string> = {
  window: '请携带身份证件到综合窗口领取办理结果',
  express: '办理结果已通过快递寄出',
  electronic: '办理结果已电子送达，可在「我的办件」中查看下载',
};

/** What the applicant is told at each step: submission, acceptance, correction, decision and delivery. */
function messageFor(
  e: OutboxEvent,
  c: repo.CaseRow,
  item: string,
  materialNames: Map<string, string>,
): { title: string; body: string; sms: boolean } | null {
  const p = e.payload;
  const ref = `您的办件「${item}」（编号 ${c.case_no}）`;
  const names = (ids: unknown) =>
    ((ids as string[] | undefined) ?? []).map((id) => materialNames.get(id) ?? id).join('、');
  switch (e.type) {
    case 'submitted':
      return { title: '申请已提交', body: `${ref}已提交，等待受理。`, sms: true };
    case 'accept':
      return { title: '申请已受理', body: `${ref}已受理，承诺于 ${p.dueDate} 前办结。`, sms: true };
    case 'accept-deferred':
      return {
        title: '已容缺受理',
        body: `${ref}已容缺受理，承诺于 ${p.dueDate} 前办结。请于 ${p.owedUntil} 前补交：${names(p.owed)}。`,
        sms: true,
      };
    case 'request-correction':
      return {
        title: '请补正材料',
        body: `${ref}需要补正以下材料：${names(p.materials)}。${p.comment ? `说明：${p.comment}` : ''}`,
        sms: true,
      };
    case 'reject':
      return { title: '不予受理', body: `${ref}不予受理。理由：${p.comment}`, sms: true };
    case 'approve':
      return { title: '准予许可', body: `${ref}已准予许可。`, sms: true };
    case 'deny':
      return { title: '不予许可', body: `${ref}不予许可。理由：${p.comment}`, sms: true };
    case 'deliver':
      return {
        title: '办理结果已送达',
        body: `${ref}${DELIVERY_TEXT[String(p.mode)] ?? '办理结果已送达'}${p.trackingNo ? `，运单号 ${p.trackingNo}` : ''}。`,
        sms: true,
      };
    case 'material.overdue':
      return {
        title: '容缺材料逾期',
        body: `${ref}的容缺材料「${p.name}」已超过补交期限（${p.owedUntil}），请尽快补交。`,
        sms: true,
      };
    default:
      return null;
  }
}

export function caseNotifier(deps: CaseNotifierDeps) {
  return async (db: DbOrTx, e: OutboxEvent): Promise<void> => {
    const c = await repo.findCase(db, e.aggregateId);
    if (!c) return;
    const item =
      (c.item_code && c.item_version ? await deps.itemName(c.item_code, c.item_version) : undefined) ??
      c.bundle_code ??
      '办件';
    const materialNames = new Map((await repo.materials(db, c.id)).map((m) => [m.material_id, m.name]));
    const m = messageFor(e, c, item, materialNames);
    if (!m) return;
    const phone = m.sms ? (await deps.identity.applicant(c.applicant_id))?.phone : null;
    await deps.notify.notify(db, {
      accountId: c.applicant_id,
      eventId: e.id,
      caseId: c.id,
      title: m.title,
      body: m.body,
      smsTo: phone,
    });
  };
}
