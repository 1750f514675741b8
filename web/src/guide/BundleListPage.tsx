import { Empty, Segmented } from 'antd';
import { useState } from 'react';
import { BundleCard } from '../shared/BundleCard';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { BundleSummary } from '../shared/types';
import { useApi } from '../shared/useApi';

export function BundleListPage() {
  useTitle('一件事一次办');
  const { region, regionPath } = useRegion();
  const [object, setObject] = useState('');
  const { data, error, loading, reload } = useApi<{ items: BundleSummary[] }>(
    regionPath('/api/catalog/bundles'),
  );
  if (loading || (!data && !error)) return <Loading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  const bundles = (data?.items ?? []).filter((b) => !object || b.servedObjects.includes(object as 'person'));
  return (
    <section className="card" aria-labelledby="bundle-list-title">
      <div className="card-head">
        <h1 id="bundle-list-title" className="card-title">
          一件事一次办
          <span className="result-count">
            共 {bundles.length} 项（{region.name}）
          </span>
        </h1>
        <Segmented
          aria-label="服务对象"
          value={object}
          onChange={(v) => setObject(String(v))}
          options={[
            { value: '', label: '全部' },
            { value: 'person', label: '个人' },
            { value: 'enterprise', label: '法人' },
          ]}
        />
      </div>
      <p className="card-intro">
        把需要跑多个部门、多个窗口的相关事项整合为“一件事”：一张表单、一套材料、一次提交、一次办结。
      </p>
      {bundles.length ? (
        <div className="bundle-grid">
          {bundles.map((b) => (
            <BundleCard key={b.code} bundle={b} />
          ))}
        </div>
      ) : (
        <Empty description="暂无一件事服务" />
      )}
    </section>
  );
}
