export interface LicenceField {
  key: string;
  label: string;
  value: string;
}

export interface Licence {
  id: string;
  identifier: string;
  typeCode: string;
  name: string;
  licenceNo: string;
  holder: { kind: 'person' | 'enterprise'; name: string; number: string | null };
  issuerDepartmentCode: string;
  issuerName: string;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  status: 'valid' | 'revoked';
  revokedAt: string | null;
  revokeReason: string | null;
  version: number;
  supersededBy: string | null;
  caseNo: string | null;
  fields: LicenceField[];
  token: string;
}

export interface Verification {
  valid: boolean;
  reason?: string;
  licence?: {
    identifier: string;
    typeCode: string;
    name: string;
    holderName: string;
    holderNumber: string;
    issuerName: string | null;
    issueDate: string;
    validUntil: string | null;
    status: 'valid' | 'revoked' | null;
  };
}

/** 2026-03-16 → 2026年3月16日; null → 长期 */
export function chineseDate(date: string | null): string {
  if (!date) return '长期';
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Valid, expired, superseded or revoked, as the holder sees it. */
export function licenceState(l: Licence, today: string): { label: string; color: string } {
  if (l.supersededBy) return { label: '已换发', color: 'default' };
  if (l.status === 'revoked') return { label: '已注销', color: 'red' };
  if (l.validUntil && l.validUntil < today) return { label: '已过期', color: 'orange' };
  return { label: '有效', color: 'green' };
}

export const todayInBeijing = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
