import type { CaseEvent, CaseStatus, CaseStep, DeliveryMode, MaterialStatus, Warning } from './types';

// Status names, 容缺 days and the warning threshold are the server's (GET /api/meta, web/src/api/meta.ts);
// here only how they look.
export const STATUS_COLOR: Record<CaseStatus, string> = {
  submitted: 'blue',
  correction: 'orange',
  accepted: 'cyan',
  in_review: 'geekblue',
  approved: 'green',
  denied: 'red',
  rejected: 'volcano',
  delivered: 'success',
  withdrawn: 'default',
};

export const WARNING: Record<Warning, { color: string; short: string }> = {
  none: { color: 'default', short: '正常' },
  yellow: { color: 'gold', short: '黄牌' },
  red: { color: 'red', short: '红牌' },
};

/** A warning in words; the yellow threshold is the server's (a share of the promised time). */
export function warningLabel(warning: Warning, yellowShare: number | undefined): string {
  if (warning === 'red') return '红牌：已超过承诺办结时限';
  if (warning === 'yellow')
    return yellowShare ? `黄牌预警：已用承诺时限的${Math.round(yellowShare * 100)}%` : '黄牌预警';
  return '正常';
}

export const DELIVERY: Record<DeliveryMode, { label: string; hint: string; needs: string }> = {
  electronic: { label: '电子送达', hint: '办结后在「我的办件」下载电子结果，零跑动', needs: 'online' },
  window: { label: '窗口领取', hint: '办结后凭身份证件到政务服务中心综合窗口领取', needs: 'window' },
  express: { label: '快递送达', hint: '办结后免费邮寄到您填写的地址', needs: 'express' },
};

/** The delivery modes an item offers, from its handling modes (online → 电子送达 …). */
export function deliveryModes(handlingModes: string[]): DeliveryMode[] {
  return (Object.keys(DELIVERY) as DeliveryMode[]).filter((m) => handlingModes.includes(DELIVERY[m].needs));
}

export const MATERIAL_STATUS: Record<MaterialStatus, { label: string; color: string }> = {
  provided: { label: '已提交', color: 'green' },
  shared: { label: '共享调取', color: 'cyan' },
  commitment: { label: '告知承诺', color: 'purple' },
  deferred: { label: '容缺后补', color: 'gold' },
  missing: { label: '未提交', color: 'red' },
};

export const CHANNEL: Record<string, string> = { online: '网上申请', window: '窗口收件' };

/** The written notices (行政许可法 Art. 32) and the events that give rise to them. */
export const NOTICES = [
  { kind: 'acceptance', name: '受理通知书', events: ['accept', 'accept-deferred'] },
  { kind: 'correction', name: '补正材料通知书', events: ['request-correction'] },
  { kind: 'rejection', name: '不予受理决定书', events: ['reject'] },
] as const;

export function noticesOf(events: CaseEvent[]) {
  return NOTICES.filter((n) => events.some((e) => (n.events as readonly string[]).includes(e.type)));
}

const EVENT_LABEL: Record<string, string> = {
  submitted: '提交申请',
  accept: '受理',
  'accept-deferred': '容缺受理',
  reject: '不予受理',
  'request-correction': '要求补正',
  resubmit: '补正后重新提交',
  approve: '准予许可',
  deny: '不予许可',
  withdraw: '撤回申请',
  'warning.yellow': '黄牌预警',
  'warning.red': '红牌预警',
  'warning.none': '预警解除',
};

export interface EventText {
  title: string;
  detail: string | null;
  color: string;
}

/** An event as a sentence a citizen understands: no raw types, step and material names spelled out. */
export function describeEvent(
  e: CaseEvent,
  steps: CaseStep[],
  materialName: (id: string) => string,
  statusName: (s: string) => string,
  yellowShare?: number,
): EventText {
  const d = e.data ?? {};
  const stepName = (id: unknown) => steps.find((s) => s.id === id)?.name ?? String(id ?? '');
  const names = (ids: unknown) =>
    Array.isArray(ids) ? ids.map((x) => materialName(String(x))).join('、') : '';
  switch (e.type) {
    case 'submitted':
      return {
        title: d.channel === 'window' ? '提交申请（窗口收件）' : '提交申请',
        detail: null,
        color: 'blue',
      };
    case 'status': {
      // 一件事: the parent's status follows its sub-cases.
      const to = statusName(String(d.to ?? ''));
      return {
        title: `整体状态变为「${to}」`,
        detail: d.dueDate ? `一件事承诺于 ${d.dueDate} 前办结` : null,
        color: d.to === 'correction' ? 'orange' : d.to === 'withdrawn' ? 'gray' : 'blue',
      };
    }
    case 'accept':
      return { title: '受理', detail: d.dueDate ? `承诺于 ${d.dueDate} 前办结` : null, color: 'green' };
    case 'accept-deferred':
      return {
        title: '容缺受理',
        detail: [
          d.dueDate ? `承诺于 ${d.dueDate} 前办结` : '',
          d.owed ? `须于 ${d.owedUntil ?? '期限内'} 前补交：${names(d.owed)}` : '',
        ]
          .filter(Boolean)
          .join('；'),
        color: 'green',
      };
    case 'reject':
      return { title: '不予受理', detail: null, color: 'red' };
    case 'request-correction':
      return {
        title: '要求补正',
        detail: d.materials ? `一次性告知需补正：${names(d.materials)}` : null,
        color: 'orange',
      };
    case 'resubmit':
      return {
        title: '补正后重新提交',
        detail:
          typeof d.pausedDays === 'number' && d.pausedDays > 0
            ? `补正期间 ${d.pausedDays} 个工作日不计入办理时限`
            : null,
        color: 'blue',
      };
    case 'complete-step':
      return { title: `${stepName(d.stepId)}`, detail: '本环节办理完毕', color: 'green' };
    case 'return-step':
      return {
        title: `退回：${stepName(d.stepId)} → ${stepName(d.toStep)}`,
        detail: null,
        color: 'orange',
      };
    case 'approve':
      return { title: '准予许可', detail: null, color: 'green' };
    case 'deny':
      return { title: '不予许可', detail: null, color: 'red' };
    case 'deliver': {
      const mode = DELIVERY[d.mode as DeliveryMode]?.label ?? '';
      const parts = [mode, d.trackingNo ? `运单号 ${d.trackingNo}` : '', d.automatic ? '系统自动送达' : ''];
      return { title: '送达', detail: parts.filter(Boolean).join('，') || null, color: 'green' };
    }
    case 'withdraw':
      return { title: '撤回申请', detail: null, color: 'gray' };
    case 'material-supplied':
      return {
        title: '补交材料',
        detail: `「${materialName(String(d.materialId ?? ''))}」${d.wasOwed ? '（容缺材料）' : ''}`,
        color: 'blue',
      };
    case 'material.overdue':
      return {
        title: '容缺材料逾期未补交',
        detail: `「${materialName(String(d.materialId ?? ''))}」应于 ${d.owedUntil ?? ''} 前补交`,
        color: 'red',
      };
    case 'warning.yellow':
      return {
        title: '黄牌预警',
        detail: warningLabel('yellow', yellowShare).replace(/^黄牌预警：?/, ''),
        color: 'gold',
      };
    case 'warning.red':
      return { title: '红牌预警', detail: '已超过承诺办结时限', color: 'red' };
    default:
      return { title: EVENT_LABEL[e.type] ?? '办件动态', detail: null, color: 'gray' };
  }
}
