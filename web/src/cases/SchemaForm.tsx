// The application form of an item, drawn from its JSON Schema (draft 2020-12) with antd inputs.
// The catalog uses a small set of shapes — string (pattern, length, date, date-time), number and
// integer (bounds), boolean, enum, array of enum — so a renderer of those is all we need; the server
// checks the full schema again and its `form.<field>` errors land under the same inputs.
import { Checkbox, Descriptions, Form, type FormRule, Input, InputNumber, Radio, Select } from 'antd';
import type { ReactNode } from 'react';
import type { JsonSchema } from '../shared/types';

export interface FieldSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: FieldSchema;
}

interface Field {
  key: string;
  schema: FieldSchema;
  required: boolean;
  title: string;
}

function typeOf(s: FieldSchema): string {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  return t ?? (s.enum ? 'string' : 'string');
}

/** Fields in schema order (the order is meaningful: it is the paper form's order). */
export function fieldsOf(schema: JsonSchema | undefined): Field[] {
  const props = (schema?.properties ?? {}) as Record<string, FieldSchema>;
  const required = new Set(schema?.required ?? []);
  return Object.entries(props).map(([key, s]) => ({
    key,
    schema: s,
    required: required.has(key),
    title: s.title ?? key,
  }));
}

function rulesFor(f: Field): FormRule[] {
  const s = f.schema;
  const t = typeOf(s);
  const rules: FormRule[] = [];
  if (f.required) {
    rules.push(
      t === 'array'
        ? { required: true, type: 'array', min: 1, message: `请选择${f.title}` }
        : t === 'boolean'
          ? { required: true, type: 'boolean', message: `请选择${f.title}` }
          : {
              required: true,
              // Without a type the validator checks a string, and a number would fail as "empty".
              type: t === 'number' || t === 'integer' ? 'number' : 'string',
              whitespace: t === 'string',
              message: s.enum ? `请选择${f.title}` : `请填写${f.title}`,
            },
    );
  }
  if (t === 'string' && !s.enum) {
    if (s.pattern) {
      try {
        rules.push({ pattern: new RegExp(s.pattern, 'u'), message: `${f.title}格式不正确` });
      } catch {
        // A pattern the browser cannot compile is left to the server's check.
      }
    }
    if (s.minLength && s.minLength > 1)
      rules.push({ min: s.minLength, message: `${f.title}至少 ${s.minLength} 个字` });
    if (s.maxLength) rules.push({ max: s.maxLength, message: `${f.title}不能超过 ${s.maxLength} 个字` });
  }
  if (t === 'array') {
    if (s.minItems && s.minItems > 1)
      rules.push({ type: 'array', min: s.minItems, message: `${f.title}至少选择 ${s.minItems} 项` });
    if (s.maxItems)
      rules.push({ type: 'array', max: s.maxItems, message: `${f.title}最多选择 ${s.maxItems} 项` });
  }
  if (t === 'number' || t === 'integer') {
    rules.push({
      validator: async (_, v: unknown) => {
        if (v === undefined || v === null || v === '') return;
        const n = Number(v);
        if (s.exclusiveMinimum !== undefined && !(n > s.exclusiveMinimum))
          throw new Error(`${f.title}应大于 ${s.exclusiveMinimum}`);
        if (s.minimum !== undefined && n < s.minimum) throw new Error(`${f.title}不能小于 ${s.minimum}`);
        if (s.exclusiveMaximum !== undefined && !(n < s.exclusiveMaximum))
          throw new Error(`${f.title}应小于 ${s.exclusiveMaximum}`);
        if (s.maximum !== undefined && n > s.maximum) throw new Error(`${f.title}不能大于 ${s.maximum}`);
        if (t === 'integer' && !Number.isInteger(n)) throw new Error(`${f.title}应为整数`);
      },
    });
  }
  return rules;
}

const short = (values: unknown[]) => values.length <= 5 && values.every((v) => String(v).length <= 10);

function inputFor(f: Field): ReactNode {
  const s = f.schema;
  const t = typeOf(s);
  if (t === 'array') {
    const options = (s.items?.enum ?? []).map((v) => ({ value: v as string, label: String(v) }));
    if (options.length && options.length <= 12)
      return <Checkbox.Group className="schema-checks" options={options} />;
    return <Select mode="multiple" options={options} placeholder={`请选择${f.title}`} allowClear />;
  }
  if (s.enum) {
    const options = s.enum.map((v) => ({ value: v as string | number, label: String(v) }));
    if (short(s.enum)) return <Radio.Group optionType="button" options={options} />;
    return (
      <Select
        options={options}
        placeholder={`请选择${f.title}`}
        showSearch={{ optionFilterProp: 'label' }}
        allowClear={!f.required}
      />
    );
  }
  if (t === 'boolean') {
    return (
      <Radio.Group
        optionType="button"
        options={[
          { value: true, label: '是' },
          { value: false, label: '否' },
        ]}
      />
    );
  }
  if (t === 'number' || t === 'integer') {
    return (
      <InputNumber
        className="schema-number"
        precision={t === 'integer' ? 0 : undefined}
        min={s.minimum}
        max={s.maximum}
        controls={false}
        placeholder={`请输入${f.title}`}
      />
    );
  }
  if (s.format === 'date') return <Input type="date" className="schema-date" />;
  if (s.format === 'date-time') return <Input type="datetime-local" className="schema-date" />;
  if ((s.maxLength ?? 0) > 120) {
    return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={s.maxLength} showCount />;
  }
  return <Input maxLength={s.maxLength} placeholder={`请输入${f.title}`} autoComplete="off" />;
}

/** Wide inputs (checkbox lists, long text) take the whole row of the two-column grid. */
function isWide(f: Field): boolean {
  const t = typeOf(f.schema);
  const options = f.schema.enum ?? [];
  return (
    t === 'array' ||
    (f.schema.maxLength ?? 0) > 120 ||
    (options.length > 0 && (!short(options) || options.map(String).join('').length > 16))
  );
}

/**
 * The fields of `schema` as antd Form.Items under `prefix` (e.g. ['form']), so server errors named
 * `form.entName` map onto them by path. Place it inside a <Form>.
 */
export function SchemaFields({
  schema,
  prefix,
  locked,
}: {
  schema: JsonSchema | undefined;
  prefix: string[];
  /** Fields filled by the server from the real-name account: shown read-only (applicantFields.ts). */
  locked?: ReadonlySet<string>;
}) {
  const fields = fieldsOf(schema);
  if (!fields.length) return <p className="muted">本事项无需填写申请表。</p>;
  return (
    <div className="schema-grid">
      {fields.map((f) =>
        locked?.has(f.key) ? (
          <Form.Item
            key={f.key}
            name={[...prefix, f.key]}
            label={f.title}
            extra="由实名认证信息填写，不可修改"
          >
            <Input disabled />
          </Form.Item>
        ) : (
          <Form.Item
            key={f.key}
            name={[...prefix, f.key]}
            label={f.title}
            required={f.required}
            rules={rulesFor(f)}
            extra={f.schema.description}
            className={isWide(f) ? 'schema-wide' : undefined}
            validateFirst
          >
            {inputFor(f)}
          </Form.Item>
        ),
      )}
    </div>
  );
}

/** The names of the form's inputs, for validating one wizard step. */
export function fieldPaths(schema: JsonSchema | undefined, prefix: string[]): string[][] {
  return fieldsOf(schema).map((f) => [...prefix, f.key]);
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && !v.length);

/** What to post: empty optional inputs left out, strings trimmed, date-times with the Beijing offset. */
export function formPayload(schema: JsonSchema | undefined, values: Record<string, unknown> | undefined) {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(schema)) {
    let v = values?.[f.key];
    if (isEmpty(v)) continue;
    if (typeof v === 'string') v = v.trim();
    if (f.schema.format === 'date-time' && typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v))
      v = `${v}:00+08:00`;
    out[f.key] = v;
  }
  return out;
}

/** Values as the applicant filled them in, for the confirmation page and the case pages. */
export function formDisplay(schema: JsonSchema | undefined, values: Record<string, unknown> | undefined) {
  const known = fieldsOf(schema);
  const rows = known.map((f) => ({ key: f.key, label: f.title, value: values?.[f.key] }));
  // A field the current schema no longer has (older item version) is still shown under its key.
  for (const [key, value] of Object.entries(values ?? {}))
    if (!known.some((f) => f.key === key)) rows.push({ key, label: key, value });
  return rows;
}

export function displayValue(v: unknown): string {
  if (isEmpty(v)) return '—';
  if (v === true) return '是';
  if (v === false) return '否';
  if (Array.isArray(v)) return v.map(String).join('；');
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return v.slice(0, 16).replace('T', ' ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function FormValues({
  schema,
  values,
  column = 2,
}: {
  schema: JsonSchema | undefined;
  values: Record<string, unknown> | undefined;
  column?: number;
}) {
  const rows = formDisplay(schema, values);
  if (!rows.length) return <p className="muted">未填写申请表。</p>;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: column }}
      className="form-values"
      items={rows.map((r) => ({
        key: r.key,
        label: r.label,
        children: displayValue(r.value),
        span: Array.isArray(r.value) ? 'filled' : undefined,
      }))}
    />
  );
}
