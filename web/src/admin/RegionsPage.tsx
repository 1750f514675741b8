import { Tag, Tree } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { LEVEL } from '../shared/labels';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import type { Region } from '../shared/types';
import { useApi } from '../shared/useApi';
import { type RegionNode, regionTree } from './regionTree';

function toTreeData(nodes: RegionNode[]): Array<{ key: string; title: ReactNode; children: unknown[] }> {
  return nodes.map((n) => ({
    key: n.key,
    title: (
      <span className="region-node">
        {n.title} <span className="muted mono">{n.key}</span>{' '}
        <Tag>{LEVEL[n.region.level] ?? n.region.level}</Tag>
      </span>
    ),
    children: toTreeData(n.children),
  }));
}

export function RegionsPage() {
  useTitle('区划');
  const { data, error, loading, reload } = useApi<{ items: Region[] }>('/api/regions');
  const tree = useMemo(() => toTreeData(regionTree(data?.items ?? [])), [data]);
  return (
    <section className="card" aria-labelledby="regions-title">
      <div className="card-head">
        <h1 id="regions-title" className="card-title">
          区划 {data ? <span className="result-count">共 {data.items.length} 个</span> : null}
        </h1>
      </div>
      <p className="card-intro">行政区划来自事项目录（GB/T 2260 代码），随目录导入更新。</p>
      {loading ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Tree showLine defaultExpandAll treeData={tree as never} selectable={false} />
      )}
    </section>
  );
}
