import { Alert, Table } from 'antd';
import { useState } from 'react';
import { withQuery } from '../shared/api';
import { LoadError, useTitle } from '../shared/PageState';
import { useApi } from '../shared/useApi';
import { beijingTime } from './format';

interface Access {
  resource: string;
  resourceCode: string;
  department: string;
  departmentCode: string;
  purpose: string;
  caseNo: string | null;
  at: string;
}

const PAGE = 20;

/** 我的数据使用记录: every read of the signed-in person's licences and shared data, and why. */
export function DataAccessPage() {
  useTitle('我的数据使用记录');
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<{ total: number; items: Access[] }>(
    withQuery('/api/me/data-access', { limit: PAGE, offset: (page - 1) * PAGE }),
  );
  return (
    <section className="card" aria-labelledby="data-access-title">
      <div className="card-head">
        <h1 id="data-access-title" className="card-title">
          我的数据使用记录 {data ? <span className="result-count">共 {data.total} 条</span> : null}
        </h1>
      </div>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="办事时，政府部门通过数据共享、电子证照核验您的信息，您就不必再提交这些材料。每一次读取都记录在这里：哪个部门、为哪个办件、因何读取。"
      />
      {error ? (
        <LoadError error={error} onRetry={reload} what="记录" />
      ) : (
        <Table<Access>
          size="small"
          rowKey={(a) => `${a.at}-${a.resourceCode}-${a.caseNo ?? ''}`}
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: '暂无记录：还没有部门读取过您的共享数据或电子证照' }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 150, render: (at: string) => beijingTime(at) },
            { title: '数据（证照）', dataIndex: 'resource', width: 150 },
            { title: '使用部门', dataIndex: 'department', width: 200 },
            { title: '用途', dataIndex: 'purpose' },
            {
              title: '办件编号',
              dataIndex: 'caseNo',
              width: 200,
              render: (n: string | null) => (n ? <span className="mono">{n}</span> : '—'),
            },
          ]}
        />
      )}
    </section>
  );
}
