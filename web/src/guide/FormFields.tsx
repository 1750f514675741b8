import { Table } from 'antd';
import type { JsonSchema, JsonSchemaProperty } from '../shared/types';

interface Row {
  key: string;
  title: string;
  required: boolean;
  hint: string;
}

function hintOf(p: JsonSchemaProperty): string {
  if (Array.isArray(p.enum) && p.enum.length) return `可选：${p.enum.map(String).join('、')}`;
  if (p.format === 'date') return '日期（年-月-日）';
  if (p.format === 'email') return '电子邮箱';
  const type = Array.isArray(p.type) ? p.type[0] : p.type;
  if (type === 'number' || type === 'integer') return '数字';
  if (type === 'boolean') return '是 / 否';
  if (type === 'array') return '可填写多项';
  if (type === 'object') return '分组填写';
  if (p.pattern) return '按规定格式填写';
  return p.description ?? '';
}

/** The fields of the application form, read from the item's JSON Schema, so people can prepare. */
export function formRows(schema: JsonSchema | undefined): Row[] {
  const props = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return Object.entries(props).map(([key, p]) => ({
    key,
    title: p.title ?? key,
    required: required.has(key),
    hint: hintOf(p),
  }));
}

export function FormFields({ schema }: { schema: JsonSchema | undefined }) {
  const rows = formRows(schema);
  if (rows.length === 0) return <p className="muted">本事项无需填写申请表。</p>;
  return (
    <Table<Row>
      size="small"
      bordered
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '填写项', dataIndex: 'title', width: '34%' },
        {
          title: '是否必填',
          dataIndex: 'required',
          width: 90,
          align: 'center',
          render: (r: boolean) =>
            r ? <span className="required">必填</span> : <span className="muted">选填</span>,
        },
        {
          title: '填写说明',
          dataIndex: 'hint',
          render: (h: string) => h || <span className="muted">—</span>,
        },
      ]}
    />
  );
}
