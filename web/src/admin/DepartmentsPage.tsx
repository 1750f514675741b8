import { Table, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { withQuery } from '../shared/api';
import { LoadError, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { Department } from '../shared/types';
import { useApi } from '../shared/useApi';
import { regionTree } from './regionTree';

export function DepartmentsPage() {
  useTitle('部门');
  const { all, regionName, homeCode } = useRegion();
  const [region, setRegion] = useState(homeCode);
  const tree = useMemo(() => regionTree(all), [all]);
  const { data, error, loading, reload } = useApi<{ items: Department[] }>(
    withQuery('/api/departments', { region }),
  );
  return (
    <section className="card" aria-labelledby="departments-title">
      <div className="card-head">
        <h1 id="departments-title" className="card-title">
          部门 {data ? <span className="result-count">共 {data.items.length} 个</span> : null}
        </h1>
      </div>
      <div className="filters">
        <label htmlFor="dept-region">所在区划</label>
        <TreeSelect
          id="dept-region"
          style={{ width: 240 }}
          value={region}
          onChange={(v) => setRegion(v)}
          treeData={tree}
          treeDefaultExpandAll
          showSearch
          treeNodeFilterProp="title"
        />
      </div>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<Department>
          size="small"
          rowKey="code"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          columns={[
            {
              title: '部门编码',
              dataIndex: 'code',
              width: 170,
              render: (c: string) => <span className="mono">{c}</span>,
            },
            { title: '部门名称', dataIndex: 'name' },
            { title: '部门类别', dataIndex: 'kind', width: 120 },
            { title: '所在区划', dataIndex: 'regionCode', width: 140, render: (c: string) => regionName(c) },
          ]}
        />
      )}
    </section>
  );
}
