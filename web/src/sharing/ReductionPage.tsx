import { Progress, Table, Tabs } from 'antd';
import { Link } from 'react-router-dom';
import { LoadError, useTitle } from '../shared/PageState';
import { useApi } from '../shared/useApi';
import { percent } from './format';

interface Rate {
  materials: number;
  exempt: number;
  rate: number;
}
interface ItemRate extends Rate {
  code: string;
  name: string;
  subName: string;
  departmentKind: string;
}
interface KindRate extends Rate {
  departmentKind: string;
  items: number;
}
interface Report {
  overall: Rate & { items: number };
  departments: KindRate[];
  items: ItemRate[];
}

const rateColumn = {
  title: '材料精简率',
  dataIndex: 'rate',
  width: 200,
  sorter: (a: Rate, b: Rate) => a.rate - b.rate,
  render: (r: number) => (
    <Progress percent={Math.round(r * 1000) / 10} size="small" format={() => percent(r)} />
  ),
};

/** 材料精简率 of every item and department kind (管理后台). */
export function ReductionPage() {
  useTitle('材料精简率');
  const { data, error, loading, reload } = useApi<Report>('/api/admin/material-reduction');
  if (error) return <LoadError error={error} onRetry={reload} what="统计" />;
  return (
    <section className="card" aria-labelledby="reduction-title">
      <div className="card-head">
        <h1 id="reduction-title" className="card-title">
          材料精简率{' '}
          {data ? (
            <span className="result-count">
              {data.overall.items} 个事项共 {data.overall.materials} 项材料，免于提交 {data.overall.exempt}{' '}
              项，总体 {percent(data.overall.rate)}
            </span>
          ) : null}
        </h1>
      </div>
      <p className="muted">免于提交的材料：可通过数据共享、电子证照核验（免提交）或可告知承诺的材料。</p>
      <Tabs
        items={[
          {
            key: 'departments',
            label: '按部门',
            children: (
              <Table<KindRate>
                size="small"
                rowKey="departmentKind"
                loading={loading}
                dataSource={data?.departments ?? []}
                pagination={false}
                columns={[
                  { title: '部门类别', dataIndex: 'departmentKind' },
                  { title: '事项数', dataIndex: 'items', width: 90 },
                  { title: '材料数', dataIndex: 'materials', width: 90 },
                  { title: '免于提交', dataIndex: 'exempt', width: 90 },
                  rateColumn,
                ]}
              />
            ),
          },
          {
            key: 'items',
            label: '按事项',
            children: (
              <Table<ItemRate>
                size="small"
                rowKey="code"
                loading={loading}
                dataSource={data?.items ?? []}
                pagination={{ pageSize: 30, hideOnSinglePage: true }}
                columns={[
                  {
                    title: '事项',
                    dataIndex: 'name',
                    render: (_: string, i) => (
                      <Link to={`/items/${encodeURIComponent(i.code)}`}>
                        {i.name}
                        {i.subName ? `（${i.subName}）` : ''}
                      </Link>
                    ),
                  },
                  { title: '部门类别', dataIndex: 'departmentKind', width: 110 },
                  { title: '材料数', dataIndex: 'materials', width: 80 },
                  { title: '免于提交', dataIndex: 'exempt', width: 90 },
                  rateColumn,
                ]}
              />
            ),
          },
        ]}
      />
    </section>
  );
}
