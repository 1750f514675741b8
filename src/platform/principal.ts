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

export interface Principal {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  username: string;
  name: string;
  roles: Role[];
  regionCode: string | null;
  departmentCode: string | null;
}
