import { App, Button, Popconfirm, Select, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMeta } from '../api/meta';
import { ApiError, request, withQuery } from '../shared/api';
import { formatInstant } from '../shared/format';
import { LoadError, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { BundleSummary } from '../shared/types';
import { useApi } from '../shared/useApi';
import { DueDate, StatusTag, WarningTag } from './CaseParts';
import type { CaseList as CaseListView, CaseStatus, CaseSummary, Draft } from './types';

const PAGE = 20;

function CaseList() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const status = (params.get('status') ?? '') as CaseStatus | '';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const { data, error, loading, reload } = useApi<CaseListView>(
    withQuery('/api/cases', { mine: 1, status, limit: PAGE, offset: (page - 1) * PAGE }),
    { keepPrevious: true },
  );
  const { regionName } = useRegion();
  const meta = useMeta();
  // 一件事 parents carry the bundle code in place of an item: show the bundle's name.
  const hasBundle = data?.items.some((c) => !c.itemCode) ?? false;
  const bundles = useApi<{ items: BundleSummary[] }>(hasBundle ? '/api/catalog/bundles' : null);
  const bundleName = (c: CaseSummary) =>
    bundles.data?.items.find((b) => b.code === (c.bundleCode ?? c.itemName))?.name ?? c.itemName;
  if (error) return <LoadError error={error} onRetry={reload} what="办件" />;

  const set = (next: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    setParams(p, { replace: true });
  };

  return (
    <>
      <div className="filters">
        <label htmlFor="my-status">办件状态</label>
        <Select
          id="my-status"
          style={{ width: 160 }}
          value={status}
          onChange={(v) => set({ status: v, page: '' })}
          options={[
            { value: '', label: '全部' },
            ...(meta?.cases.statuses ?? []).map((s) => ({ value: s.code, label: s.label })),
          ]}
        />
        <span className="muted">共 {data?.total ?? 0} 件</span>
      </div>
      <Table<CaseSummary>
        className="my-cases dense-table"
        size="small"
        // On a phone the table scrolls sideways rather than stacking names one character a line.
        scroll={{ x: 960 }}
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        onRow={(c) => ({ onDoubleClick: () => navigate(`/my/cases/${c.id}`) })}
        locale={{ emptyText: '暂无办件。在办事指南中点击「在线办理」即可申请。' }}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (p) => set({ page: String(p) }),
        }}
        columns={[
          {
            title: '办件编号',
            dataIndex: 'caseNo',
            width: 200,
            render: (no: string, c) => (
              <Link to={`/my/cases/${c.id}`} className="mono">
                {no}
              </Link>
            ),
          },
          {
            title: '申请事项',
            dataIndex: 'itemName',
            render: (n: string | null, c) =>
              c.itemCode ? (
                (n ?? c.itemCode)
              ) : (
                <>
                  <Tag color="red" className="tag-yjs">
                    一件事
                  </Tag>
                  {bundleName(c)}
                </>
              ),
          },
          { title: '办理区划', dataIndex: 'regionCode', width: 100, render: (r: string) => regionName(r) },
          {
            title: '状态',
            dataIndex: 'status',
            width: 120,
            render: (s: CaseStatus, c) => (
              <span>
                <StatusTag status={s} label={c.statusLabel} /> <WarningTag warning={c.warning} compact />
              </span>
            ),
          },
          { title: '提交时间', dataIndex: 'createdAt', width: 150, render: (t: string) => formatInstant(t) },
          {
            title: '办结期限',
            dataIndex: 'dueDate',
            width: 110,
            render: (d: string | null, c) => <DueDate date={d} warning={c.warning} status={c.status} />,
          },
          {
            title: '操作',
            key: 'op',
            width: 90,
            render: (_, c) => (
              <Link to={`/my/cases/${c.id}`}>{c.status === 'correction' ? '去补正' : '查看'}</Link>
            ),
          },
        ]}
      />
    </>
  );
}

function DraftList() {
  const { data, error, loading, reload } = useApi<{ items: Draft[] }>('/api/cases/drafts');
  const { message } = App.useApp();
  const [removing, setRemoving] = useState<string | null>(null);
  if (error) return <LoadError error={error} onRetry={reload} what="草稿" />;
  const itemName = (d: Draft) =>
    typeof d.data.itemName === 'string' ? d.data.itemName : (d.itemCode ?? '—');
  const remove = async (id: string) => {
    setRemoving(id);
    try {
      await request(`/api/cases/drafts/${id}`, { method: 'DELETE' });
      message.success('草稿已删除');
      reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : '删除失败');
    } finally {
      setRemoving(null);
    }
  };
  return (
    <Table<Draft>
      className="dense-table"
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={data?.items ?? []}
      pagination={false}
      locale={{ emptyText: '暂无草稿。填写申请时点击「保存草稿」，可在此继续填写。' }}
      columns={[
        { title: '申请事项', key: 'item', render: (_, d) => itemName(d) },
        { title: '保存时间', dataIndex: 'updatedAt', width: 160, render: (t: string) => formatInstant(t) },
        {
          title: '操作',
          key: 'op',
          width: 170,
          render: (_, d) => (
            <span className="op-links">
              {d.itemCode ? <Link to={`/apply/${d.itemCode}?draft=${d.id}`}>继续填写</Link> : null}
              <Popconfirm
                title="删除这份草稿？"
                okText="删除"
                cancelText="取消"
                onConfirm={() => remove(d.id)}
              >
                <Button type="link" size="small" danger loading={removing === d.id}>
                  删除
                </Button>
              </Popconfirm>
            </span>
          ),
        },
      ]}
    />
  );
}

export function MyCasesPage() {
  useTitle('我的办件');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'drafts' ? 'drafts' : 'cases';
  return (
    <section className="card" aria-labelledby="my-cases-title">
      <div className="card-head">
        <h1 id="my-cases-title" className="card-title">
          我的办件
        </h1>
        <Link to="/items">
          <Button type="primary">我要办事</Button>
        </Link>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'drafts' ? { tab: 'drafts' } : {}, { replace: true })}
        items={[
          { key: 'cases', label: '办件', children: <CaseList /> },
          { key: 'drafts', label: '草稿', children: <DraftList /> },
        ]}
      />
    </section>
  );
}
