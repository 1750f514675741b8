import type { FormInstance } from 'antd';
import type { ApiError } from '../shared/api';

/** `form.entName`, `body.idNumber`, `/idNumber`, `items[0].name` → antd NamePath. */
export function toNamePath(field: string): (string | number)[] {
  const cleaned = field
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/^body\./, '');
  return cleaned
    .replace(/\[(\w+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Shows each `errors[].message` of a 400 under its input. Returns the messages that name no
 * field of this form, for a summary above it — nothing the server said is dropped.
 */
export function applyFieldErrors(form: FormInstance, error: ApiError, fields: readonly string[]): string[] {
  const known = new Set(fields);
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const e of error.errors) {
    const path = toNamePath(e.field ?? '');
    const top = path[0];
    if (typeof top === 'string' && known.has(top) && path.length === 1) {
      byField.set(top, [...(byField.get(top) ?? []), e.message]);
    } else {
      unplaced.push(e.field ? `${e.field}：${e.message}` : e.message);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (byField.size > 0) form.scrollToField([...byField.keys()][0]!, { block: 'center' });
  return unplaced;
}
