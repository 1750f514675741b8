import type { Role } from '../../platform/http/access.js';

export const STATUSES = [
  'submitted', // 已提交，待受理
  'correction', // 补正中
  'accepted', // 已受理
  'in_review', // 审查中
  'approved', // 准予许可 / 办结
  'denied', // 不予许可
  'rejected', // 不予受理
  'delivered', // 已送达
  'withdrawn', // 已撤回
] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const TERMINAL: readonly CaseStatus[] = ['denied', 'rejected', 'delivered', 'withdrawn'];

/** Shown to applicants and staff alike (the web app reads them from GET /api/meta): the decision's own words. */
export const STATUS_LABEL: Record<CaseStatus, string> = {
  submitted: '待受理',
  correction: '补正中',
  accepted: '已受理',
  in_review: '审查中',
  approved: '准予许可',
  denied: '不予许可',
  rejected: '不予受理',
  delivered: '已送达',
  withdrawn: '已撤回',
};

/** Who takes an action: the applicant of the case, or staff with one of the roles and the case in scope. */
export type Actor = 'applicant' | Role;

export interface Transition {
  from: readonly CaseStatus[];
  /** undefined: the service decides (resubmit returns to where the case came from; complete-step stays in review). */
  to?: CaseStatus;
  by: readonly Actor[];
  label: string;
  /** A reason the applicant will read is compulsory (不予受理、不予许可 must say why). */
  needsComment?: boolean;
}

/**
 * The rules as data, readable by a clerk. Roles here say who may EVER take the action (else 403);
 * `from` says in which states (else 409).
 */
export const TRANSITIONS = {
  accept: { from: ['submitted'], to: 'accepted', by: ['window'], label: '受理' },
  'accept-deferred': { from: ['submitted'], to: 'accepted', by: ['window'], label: '容缺受理' },
  reject: { from: ['submitted'], to: 'rejected', by: ['window'], label: '不予受理', needsComment: true },
  'request-correction': {
    from: ['submitted', 'accepted', 'in_review'],
    to: 'correction',
    by: ['window', 'reviewer'],
    label: '要求补正',
  },
  resubmit: { from: ['correction'], by: ['applicant', 'window'], label: '补正后重新提交' },
  'complete-step': {
    from: ['accepted', 'in_review'],
    to: 'in_review',
    by: ['reviewer', 'approver', 'issuer'],
    label: '完成环节',
  },
  'return-step': {
    from: ['in_review'],
    to: 'in_review',
    by: ['reviewer', 'approver'],
    label: '退回上一环节',
    needsComment: true,
  },
  approve: { from: ['in_review'], to: 'approved', by: ['approver'], label: '准予许可' },
  deny: { from: ['in_review'], to: 'denied', by: ['approver'], label: '不予许可', needsComment: true },
  deliver: { from: ['approved'], to: 'delivered', by: ['window'], label: '送达' },
  withdraw: {
    from: ['submitted', 'correction', 'accepted', 'in_review'],
    to: 'withdrawn',
    by: ['applicant'],
    label: '撤回申请',
  },
} as const satisfies Record<string, Transition>;

export type CaseAction = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as CaseAction[];

/** Open cases count against the department's time limit. */
export const CLOCK_RUNNING: readonly CaseStatus[] = ['accepted', 'in_review'];
