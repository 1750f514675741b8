import { Empty, Select, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, withQuery } from '../shared/api';
import { formatInstant } from '../shared/format';
import { itemTitle } from '../shared/labels';
import { LoadError, useTitle } from '../shared/PageState';
import type { ItemDetail, ItemList, ItemVersion } from '../shared/types';
import { useApi } from '../shared/useApi';

function useItemOptions(query: string) {
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .get<ItemList>(
          withQuery('/api/catalog/items', { q: query || undefined, limit: 30 }),
          undefined,
          controller.signal,
        )
        .then((res) =>
          setOptions(res.items.map((it) => ({ value: it.code, label: `${itemTitle(it)} · ${it.code}` }))),
        )
        .catch(() => undefined)
        .finally(() => setLoading(false));
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);
  return { options, loading };
}

export function ItemVersionsPage() {
  useTitle('事项版本');
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [query, setQuery] = useState('');
  const items = useItemOptions(query);
  const current = useApi<ItemDetail>(code ? `/api/catalog/items/${encodeURIComponent(code)}` : null);
  const options =
    current.data && !items.options.some((o) => o.value === code)
      ? [{ value: code, label: `${itemTitle(current.data)} · ${code}` }, ...items.options]
      : items.options;
  const versions = useApi<{ items: ItemVersion[] }>(
    code ? `/api/catalog/items/${encodeURIComponent(code)}/versions` : null,
  );

  return (
    <section className="card" aria-labelledby="versions-title">
      <div className="card-head">
        <h1 id="versions-title" className="card-title">
          事项版本
        </h1>
      </div>
      <p className="card-intro">
        每次导入发布日期更新的目录，有变化的事项生成新版本；办件始终按受理时的版本办理。
      </p>
      <div className="filters">
        <label htmlFor="version-item">选择事项</label>
        <Select
          id="version-item"
          showSearch
          filterOption={false}
          style={{ width: 460 }}
          placeholder="输入事项名称或编码查找"
          value={code || undefined}
          onSearch={setQuery}
          onChange={(v: string) => setParams(v ? { code: v } : {})}
          options={options}
          loading={items.loading}
          notFoundContent={items.loading ? '查找中…' : '没有匹配的事项'}
        />
        {code ? <Link to={`/items/${code}`}>查看当前版本办事指南</Link> : null}
      </div>
      {!code ? (
        <Empty description="请选择一个事项查看其版本" />
      ) : versions.error ? (
        <LoadError error={versions.error} onRetry={versions.reload} what="事项" />
      ) : (
        <Table<ItemVersion>
          size="small"
          rowKey="version"
          loading={versions.loading}
          dataSource={[...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version)}
          pagination={false}
          columns={[
            {
              title: '版本',
              dataIndex: 'version',
              width: 140,
              render: (v: number, _, i) => (
                <span>
                  第 {v} 版{i === 0 ? '（当前）' : ''}
                </span>
              ),
            },
            { title: '目录发布日期', dataIndex: 'publishedAt', width: 140 },
            { title: '导入时间', dataIndex: 'importedAt', render: formatInstant },
          ]}
        />
      )}
    </section>
  );
}
