/** Who acts: the roles of staff and the principal every layer below the route sees. */
export const ROLES = [
  'window',
  'reviewer',
  'approver',
  'issuer',
  'agent',
  'supervisor',
  'inspector',
  'admin',
  'handler',
  'credit',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** What each role is called on screen (the web app takes these from GET /api/meta). */
export const ROLE_LABEL: Record<Role, string> = {
  window: '综合窗口',
  reviewer: '审查',
  approver: '审批',
  issuer: '制证',
  agent: '12345 话务',
  supervisor: '效能监察',
  inspector: '双随机检查',
  admin: '系统管理',
  handler: '承办',
  credit: '信用管理',
  auditor: '安全审计',
};

export interface Principal {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  username: string;
  name: string;
  roles: Role[];
  regionCode: string | null;
  departmentCode: string | null;
}
