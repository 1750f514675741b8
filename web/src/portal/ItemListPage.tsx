import { Empty, Input, Pagination, Segmented, Select, Skeleton, Table } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { DepthTag } from '../shared/ItemMeta';
import { daysLabel } from '../shared/labels';
import { LoadError, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { ItemList, ItemSummary, ThemeCount } from '../shared/types';
import { useApi } from '../shared/useApi';

const PAGE_SIZE = 20;
const TYPES = [
  '行政许可',
  '行政给付',
  '行政确认',
  '行政裁决',
  '行政奖励',
  '行政备案',
  '其他行政权力',
  '公共服务',
];
const OBJECT_TITLE: Record<string, string> = { person: '个人办事', enterprise: '法人办事', '': '全部事项' };

function ThemeSidebar({
  object,
  theme,
  onPick,
}: {
  object: string;
  theme: string;
  onPick: (t: string) => void;
}) {
  const { regionPath } = useRegion();
  const { data, loading } = useApi<{ items: ThemeCount[] }>(
    regionPath('/api/catalog/themes', { object: object || undefined }),
  );
  return (
    <nav className="card theme-sidebar" aria-label="按主题筛选">
      <h2 className="card-title">主题分类</h2>
      {loading || !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <ul>
          <li>
            <button
              type="button"
              className={theme ? '' : 'active'}
              onClick={() => onPick('')}
              aria-pressed={!theme}
            >
              <span>全部主题</span>
            </button>
          </li>
          {(data?.items ?? []).map((t) => (
            <li key={t.theme}>
              <button
                type="button"
                className={theme === t.theme ? 'active' : ''}
                aria-pressed={theme === t.theme}
                onClick={() => onPick(t.theme)}
              >
                <span>{t.theme}</span>
                <span className="theme-count">{t.count}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

export function ItemListPage() {
  const [params, setParams] = useSearchParams();
  const object = params.get('object') ?? '';
  const theme = params.get('theme') ?? '';
  const type = params.get('type') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const { region, regionPath } = useRegion();
  const title = theme || OBJECT_TITLE[object] || '全部事项';
  useTitle(title);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };

  const list = useApi<ItemList>(
    regionPath('/api/catalog/items', {
      object: object || undefined,
      theme: theme || undefined,
      type: type || undefined,
      q: q || undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  );

  return (
    <div className="with-sidebar">
      <ThemeSidebar object={object} theme={theme} onPick={(t) => update({ theme: t })} />
      <section className="card" aria-labelledby="list-title">
        <div className="card-head">
          <h1 id="list-title" className="card-title">
            {title}
            {list.data ? (
              <span className="result-count">
                共 {list.data.total} 项（{region.name}）
              </span>
            ) : null}
          </h1>
        </div>
        <div className="filters">
          <Segmented
            aria-label="服务对象"
            value={object}
            onChange={(v) => update({ object: String(v), theme: '' })}
            options={[
              { value: '', label: '全部' },
              { value: 'person', label: '个人' },
              { value: 'enterprise', label: '法人' },
            ]}
          />
          <Select
            aria-label="事项类型"
            placeholder="事项类型"
            allowClear
            style={{ width: 160 }}
            value={type || undefined}
            onChange={(v) => update({ type: v ?? '' })}
            options={TYPES.map((t) => ({ value: t, label: t }))}
          />
          <Input.Search
            key={q}
            aria-label="在结果中查找"
            placeholder="在结果中查找事项名称"
            allowClear
            defaultValue={q}
            style={{ width: 260 }}
            onSearch={(v) => update({ q: v.trim() })}
          />
        </div>
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<ItemSummary>
              rowKey="code"
              size="small"
              loading={list.loading || (!list.data && !list.error)}
              pagination={false}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: <Empty description="没有符合条件的事项" /> }}
              columns={[
                {
                  title: '事项名称',
                  key: 'name',
                  render: (_, it) => (
                    <Link to={`/items/${it.code}`} className="item-link">
                      {it.name}
                      {it.subName ? <span className="sub-name">（{it.subName}）</span> : null}
                    </Link>
                  ),
                },
                { title: '事项类型', dataIndex: 'type', width: 110 },
                {
                  title: '实施部门',
                  dataIndex: 'departmentKind',
                  width: 110,
                  render: (k: string) => `${k}部门`,
                },
                {
                  title: '承诺时限',
                  dataIndex: 'promisedDays',
                  width: 110,
                  render: (d: number) => daysLabel(d),
                },
                {
                  title: '网办深度',
                  dataIndex: 'onlineDepth',
                  width: 150,
                  render: (d: number) => <DepthTag depth={d} />,
                },
              ]}
            />
            {list.data && list.data.total > PAGE_SIZE ? (
              <Pagination
                className="pager"
                current={page}
                pageSize={PAGE_SIZE}
                total={list.data.total}
                showSizeChanger={false}
                onChange={(p) => update({ page: String(p) })}
              />
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
