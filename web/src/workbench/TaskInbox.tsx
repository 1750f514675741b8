import { FormOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Input, type InputRef, Segmented, Table, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { statusLabel, useMeta } from '../api/meta';
import { DueDate, WarningTag } from '../cases/CaseParts';
import { CHANNEL } from '../cases/labels';
import type { CaseStatus, TaskList, TaskSummary, Warning } from '../cases/types';
import { withQuery } from '../shared/api';
import { formatInstant } from '../shared/format';
import { LoadError } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { User } from '../shared/types';
import { useApi } from '../shared/useApi';

const PAGE = 20;
const REFRESH_MS = 30_000;

/** What a task asks of this user, in one word: 受理, 送达, or the open step names. */
function todo(t: TaskSummary, user: User): string {
  if (t.status === 'submitted') return '待受理';
  if (t.status === 'approved') return '待送达';
  const mine = t.openSteps.filter((s) => user.roles.includes(s.role));
  return (mine.length ? mine : t.openSteps).map((s) => s.name).join('、') || '—';
}

export function TaskInbox({ user }: { user: User }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { regionName } = useRegion();
  const isWindow = user.roles.includes('window');
  const meta = useMeta();
  const status = (params.get('status') ?? '') as CaseStatus | '';
  const warning = (params.get('warning') ?? '') as Warning | '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [text, setText] = useState(q);
  const search = useRef<InputRef>(null);
  const path = withQuery('/api/tasks', { status, warning, q, limit: PAGE, offset: (page - 1) * PAGE });
  // A queue left open all day stays current: refreshed every half minute and when the tab regains focus.
  const live = { refetchInterval: REFRESH_MS, keepPrevious: true };
  const { data, error, loading, reload } = useApi<TaskList>(path, live);
  // The server counts by colour after the colour filter; the boxes keep showing every colour.
  const all = useApi<TaskList>(warning ? withQuery('/api/tasks', { status, q, limit: 1 }) : null, live);

  // 「/」 jumps to the search box, as in most work tools.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        e.key === '/' &&
        !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) &&
        !target.isContentEditable
      ) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const set = (next: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    if (!('page' in next)) p.delete('page');
    setParams(p, { replace: true });
  };

  const counts = (warning ? all.data?.counts : data?.counts) ?? { none: 0, yellow: 0, red: 0 };
  const total = counts.none + counts.yellow + counts.red;
  const statusOptions = isWindow
    ? [
        { value: '', label: '全部' },
        { value: 'submitted', label: '待受理' },
        { value: 'approved', label: '待送达' },
      ]
    : [
        { value: '', label: '全部' },
        { value: 'accepted', label: statusLabel(meta, 'accepted') ?? 'accepted' },
        { value: 'in_review', label: statusLabel(meta, 'in_review') ?? 'in_review' },
      ];

  return (
    <section className="card inbox" aria-labelledby="inbox-title">
      <div className="card-head">
        <h1 id="inbox-title" className="card-title">
          {isWindow ? '综合窗口 · 待办' : '审批待办'}
          <span className="result-count">按办结期限排序</span>
        </h1>
        <span className="inbox-actions">
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label="刷新待办">
            刷新
          </Button>
          {isWindow ? (
            <Link to="/workbench/intake">
              <Button type="primary" icon={<FormOutlined />}>
                窗口收件
              </Button>
            </Link>
          ) : null}
        </span>
      </div>

      <fieldset className="warning-counts" aria-label="按预警筛选">
        {(
          [
            ['', '全部待办', total],
            ['red', '红牌（超期）', counts.red],
            ['yellow', '黄牌（临期）', counts.yellow],
            ['none', '正常', counts.none],
          ] as const
        ).map(([w, label, n]) => (
          <button
            key={w || 'all'}
            type="button"
            className={`count-box count-${w || 'all'}${warning === w ? ' active' : ''}`}
            aria-pressed={warning === w}
            onClick={() => set({ warning: w })}
          >
            <span className="count-n">{n}</span>
            <span className="count-label">{label}</span>
          </button>
        ))}
      </fieldset>

      <div className="filters">
        <Segmented
          value={status}
          onChange={(v) => set({ status: String(v) })}
          options={statusOptions}
          aria-label="按状态筛选"
        />
        <Input.Search
          ref={search}
          className="inbox-search"
          placeholder="办件编号或申请人（按 / 聚焦）"
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => set({ q: v.trim() })}
          aria-label="搜索待办"
        />
      </div>

      {error ? (
        <LoadError error={error} onRetry={reload} what="待办" />
      ) : (
        <Table<TaskSummary>
          className="task-table dense-table"
          size="small"
          rowKey="id"
          loading={loading && !data}
          dataSource={data?.items ?? []}
          rowClassName={(t) => `task-row warning-row-${t.warning}`}
          onRow={(t) => ({
            onClick: (e) => {
              if ((e.target as HTMLElement).closest('a')) return;
              navigate(`/workbench/cases/${t.id}`);
            },
          })}
          locale={{ emptyText: '暂无待办' }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (n) => `共 ${n} 件`,
            onChange: (p) => set({ page: String(p) }),
          }}
          columns={[
            {
              title: '办件编号',
              dataIndex: 'caseNo',
              width: 200,
              render: (no: string, t) => (
                <Link to={`/workbench/cases/${t.id}`} className="mono">
                  {no}
                </Link>
              ),
            },
            {
              title: '事项',
              dataIndex: 'itemName',
              ellipsis: true,
              render: (n: string | null, t) => n ?? t.itemCode,
            },
            { title: '申请人', dataIndex: 'applicantName', width: 160, ellipsis: true },
            {
              title: '待办',
              key: 'todo',
              width: 110,
              render: (_, t) => <Tag color={t.status === 'approved' ? 'green' : 'blue'}>{todo(t, user)}</Tag>,
            },
            {
              title: '渠道',
              dataIndex: 'channel',
              width: 76,
              render: (ch: string) => CHANNEL[ch] ?? ch,
            },
            { title: '区划', dataIndex: 'regionCode', width: 72, render: (r: string) => regionName(r) },
            {
              title: '提交时间',
              dataIndex: 'createdAt',
              width: 136,
              render: (d: string) => formatInstant(d),
            },
            {
              title: '办结期限',
              dataIndex: 'dueDate',
              width: 150,
              render: (d: string | null, t) => (
                <span>
                  <DueDate date={d} warning={t.warning} /> <WarningTag warning={t.warning} compact />
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
