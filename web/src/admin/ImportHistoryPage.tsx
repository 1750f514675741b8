import { ReloadOutlined } from '@ant-design/icons';
import { Button, Table, Tag } from 'antd';
import { formatInstant } from '../shared/format';
import { IMPORT_STATUS } from '../shared/labels';
import { LoadError, useTitle } from '../shared/PageState';
import type { ImportRecord } from '../shared/types';
import { useApi } from '../shared/useApi';

export function ImportHistoryPage() {
  useTitle('导入记录');
  const { data, error, loading, reload } = useApi<{ items: ImportRecord[] }>('/api/admin/catalog/imports');
  return (
    <section className="card" aria-labelledby="imports-title">
      <div className="card-head">
        <h1 id="imports-title" className="card-title">
          导入记录
        </h1>
        <Button icon={<ReloadOutlined />} onClick={reload}>
          刷新
        </Button>
      </div>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<ImportRecord>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '批次', dataIndex: 'id', width: 120, ellipsis: true },
            { title: '目录发布日期', dataIndex: 'publishedAt', width: 120 },
            { title: '导入时间', dataIndex: 'importedAt', width: 150, render: formatInstant },
            {
              title: '导入人',
              dataIndex: 'importedBy',
              width: 130,
              render: (v: string | null) => v || '系统',
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (s: string) => (
                <Tag color={s === 'applied' ? 'green' : 'default'}>{IMPORT_STATUS[s] ?? s}</Tag>
              ),
            },
            { title: '新增', dataIndex: 'itemsCreated', width: 70, align: 'right' },
            { title: '更新', dataIndex: 'itemsUpdated', width: 70, align: 'right' },
            { title: '未变化', dataIndex: 'itemsUnchanged', width: 80, align: 'right' },
            {
              title: '撤销',
              dataIndex: 'itemsWithdrawn',
              width: 70,
              align: 'right',
              render: (v?: number) => v ?? '—',
            },
          ]}
        />
      )}
    </section>
  );
}
