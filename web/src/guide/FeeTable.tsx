import { Table } from 'antd';
import type { FeeItem, ItemDetail } from '../shared/types';

export function FeeTable({ fee }: { fee: ItemDetail['fee'] }) {
  if (!fee.charged || fee.items.length === 0) return <p className="fee-free">不收费</p>;
  return (
    <Table<FeeItem>
      size="small"
      bordered
      pagination={false}
      rowKey="name"
      dataSource={fee.items}
      columns={[
        { title: '收费项目', dataIndex: 'name' },
        { title: '收费标准', dataIndex: 'amountYuan', width: 120, render: (a: number) => `${a} 元` },
        { title: '收费依据', dataIndex: 'basis', render: (b?: string) => b || '—' },
      ]}
    />
  );
}
