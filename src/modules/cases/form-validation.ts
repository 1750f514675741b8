import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import localizeZh from 'ajv-i18n/localize/zh/index.js';
import type { FieldError } from '../../platform/errors.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

const compiled = new Map<string, ValidateFunction>();

function fieldOf(e: ErrorObject): string {
  const path = e.instancePath.split('/').filter(Boolean);
  if (e.keyword === 'required') path.push(String((e.params as { missingProperty: string }).missingProperty));
  if (e.keyword === 'additionalProperties')
    path.push(String((e.params as { additionalProperty: string }).additionalProperty));
  return ['form', ...path].join('.');
}

function messageOf(e: ErrorObject, schema: Record<string, unknown>): string {
  const key =
    e.instancePath.split('/').filter(Boolean)[0] ??
    (e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : undefined);
  const title = key
    ? ((schema.properties as Record<string, { title?: string }> | undefined)?.[key]?.title ?? key)
    : '申请表';
  if (e.keyword === 'required') return `请填写${title}`;
  if (e.keyword === 'additionalProperties') return '申请表中没有此项';
  if (e.keyword === 'pattern') return `${title}格式不正确`;
  if (e.keyword === 'enum')
    return `${title}应为以下之一：${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join('、')}`;
  return `${title}${e.message ?? '格式不正确'}`;
}

/**
 * Checks an application form against the item's JSON Schema (draft 2020-12) of the version the case
 * pins, reporting every problem at once with the form field and a Chinese message.
 */
export function validateForm(cacheKey: string, schema: Record<string, unknown>, form: unknown): FieldError[] {
  let validate = compiled.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(cacheKey, validate);
  }
  if (validate(form)) return [];
  const errors = validate.errors ?? [];
  (localizeZh as unknown as (e: ErrorObject[]) => void)(errors);
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = fieldOf(e);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: messageOf(e, schema) });
  }
  return out;
}
