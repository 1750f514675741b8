import { Empty, Table, Tag } from 'antd';
import type { Implementation } from '../shared/types';

/** Where the item is handled: the implementing department of each region. */
export function Places({ implementations, current }: { implementations: Implementation[]; current: string }) {
  if (implementations.length === 0)
    return <Empty description="暂无实施部门信息" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  // Where the visitor is first, then the rest of their city, then elsewhere.
  const city = current.slice(0, 4);
  const rank = (r: Implementation) => (r.regionCode === current ? 0 : r.regionCode.startsWith(city) ? 1 : 2);
  const rows = [...implementations].sort(
    (a, b) => rank(a) - rank(b) || a.regionCode.localeCompare(b.regionCode),
  );
  return (
    <Table<Implementation>
      size="small"
      bordered
      pagination={false}
      rowKey={(r) => `${r.regionCode}-${r.departmentCode}`}
      dataSource={rows}
      rowClassName={(r) => (r.regionCode === current ? 'row-current' : '')}
      columns={[
        {
          title: '办理区划',
          dataIndex: 'regionName',
          width: 180,
          render: (n: string, r) => (
            <span>
              {n}
              {r.regionCode === current ? (
                <Tag color="blue" className="ml8">
                  当前区划
                </Tag>
              ) : null}
            </span>
          ),
        },
        { title: '实施部门', dataIndex: 'departmentName' },
      ]}
    />
  );
}
