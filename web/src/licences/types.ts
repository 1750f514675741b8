// Shapes of the licence API, from the generated OpenAPI types (web/src/api).
import type { ResponseOf } from '../api/types';

export type Licence = ResponseOf<'/api/licences/{id}'>;
export type LicenceField = Licence['fields'][number];
export type Verification = ResponseOf<'/api/licences/verify', 'post'>;

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
