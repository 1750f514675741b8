import { Table, Tag, Tooltip } from 'antd';
import { MATERIAL_FORM, MATERIAL_SOURCE } from '../shared/labels';
import type { Material } from '../shared/types';
import { useSharedSourceNames } from './sharedSources';

function sharedText(code: string, names: Record<string, string>): string {
  const name = names[code];
  if (code.startsWith('LIC-')) return `可通过${name ? `「${name}」` : ''}电子证照共享核验，无需提交`;
  return `可通过${name ? `「${name}」` : '部门'}数据共享核验，无需提交`;
}

export function MaterialTags({ material, names }: { material: Material; names: Record<string, string> }) {
  const tags = [];
  if (material.sharedFrom) {
    tags.push(
      <Tooltip key="shared" title={sharedText(material.sharedFrom, names)}>
        <Tag color="green" tabIndex={0}>
          免提交
        </Tag>
      </Tooltip>,
    );
  }
  if (material.allowDeferred) {
    tags.push(
      <Tooltip key="deferred" title="主要材料齐全时可先行受理，此材料在承诺期限内补齐">
        <Tag color="gold" tabIndex={0}>
          容缺
        </Tag>
      </Tooltip>,
    );
  }
  if (material.allowCommitment) {
    tags.push(
      <Tooltip key="commit" title="可签署告知承诺书代替此材料，事后核查">
        <Tag color="purple" tabIndex={0}>
          告知承诺
        </Tag>
      </Tooltip>,
    );
  }
  return tags.length ? <span className="material-tags">{tags}</span> : <span className="muted">—</span>;
}

export function MaterialsTable({ materials }: { materials: Material[] }) {
  const names = useSharedSourceNames(materials.some((m) => m.sharedFrom));
  return (
    <Table<Material>
      className="materials-table"
      rowKey="id"
      size="small"
      bordered
      pagination={false}
      dataSource={materials}
      scroll={{ x: 900 }}
      columns={[
        { title: '序号', key: 'no', width: 54, align: 'center', render: (_, __, i) => i + 1 },
        {
          title: '材料名称',
          dataIndex: 'name',
          render: (name: string, m) => (
            <span className="material-name">
              {name}
              {m.sharedFrom ? (
                <span className="muted" style={{ display: 'block', fontSize: 12 }}>
                  免提交：{sharedText(m.sharedFrom, names)}
                </span>
              ) : null}
            </span>
          ),
        },
        {
          title: '是否必需',
          dataIndex: 'required',
          width: 78,
          align: 'center',
          render: (r: boolean) =>
            r ? <span className="required">必需</span> : <span className="muted">非必需</span>,
        },
        {
          title: '材料形式',
          dataIndex: 'form',
          width: 76,
          align: 'center',
          render: (f: string) => MATERIAL_FORM[f] ?? f,
        },
        { title: '份数', dataIndex: 'copies', width: 52, align: 'center' },
        {
          title: '来源渠道',
          dataIndex: 'source',
          width: 100,
          render: (s: string) => MATERIAL_SOURCE[s] ?? s,
        },
        {
          title: '便民措施',
          key: 'tags',
          width: 120,
          render: (_, m) => <MaterialTags material={m} names={names} />,
        },
        {
          title: '备注',
          dataIndex: 'note',
          width: '22%',
          render: (n: string) => n || <span className="muted">—</span>,
        },
      ]}
    />
  );
}
