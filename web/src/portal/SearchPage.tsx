import { Empty, Skeleton, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { ItemMeta } from '../shared/ItemMeta';
import { itemTitle } from '../shared/labels';
import { LoadError, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { BundleSummary, SearchResult } from '../shared/types';
import { useApi } from '../shared/useApi';
import { HOT_SEARCHES, HotSearches, SearchBox } from './SearchBox';
import { useItemSummaries } from './useItemSummaries';

const LIMIT = 20;

function NoResults({ q }: { q: string }) {
  return (
    <div className="card">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <span>
            未找到与「<strong>{q}</strong>」相关的办事服务
          </span>
        }
      >
        <div className="empty-suggestions">
          <p>您可以：</p>
          <ul>
            <li>检查是否有错别字，或换一种说法，例如用「开饭店」「办营业执照」描述您要办的事；</li>
            <li>
              按主题查找：<Link to="/items?object=person">个人办事</Link> ·{' '}
              <Link to="/items?object=enterprise">法人办事</Link> · <Link to="/bundles">一件事一次办</Link>；
            </li>
            <li>
              试试大家常搜的：
              {HOT_SEARCHES.slice(0, 5).map((h) => (
                <Link key={h} to={`/search?q=${encodeURIComponent(h)}`} className="suggest-link">
                  {h}
                </Link>
              ))}
            </li>
            <li>拨打政务服务便民热线 12345 咨询。</li>
          </ul>
        </div>
      </Empty>
    </div>
  );
}

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const { region, regionPath } = useRegion();
  useTitle(q ? `“${q}”的搜索结果` : '搜索');

  const search = useApi<{ results: SearchResult[] }>(
    q ? regionPath('/api/catalog/search', { q, limit: LIMIT }) : null,
  );
  const bundles = useApi<{ items: BundleSummary[] }>(regionPath('/api/catalog/bundles'));
  const results = search.data?.results ?? [];
  const missing = results.filter((r) => r.kind === 'item' && r.onlineDepth === undefined).map((r) => r.code);
  const summaries = useItemSummaries(missing);
  const bundleByCode = new Map((bundles.data?.items ?? []).map((b) => [b.code, b]));

  return (
    <>
      <section className="search-head card">
        <SearchBox initial={q} />
        <HotSearches />
      </section>
      {!q ? (
        <div className="card">
          <Empty description="请输入您要办理的事项，例如「开饭店」「社保卡丢了」" />
        </div>
      ) : search.loading || (!search.data && !search.error) ? (
        // Also while the region is not known yet: "nothing found" is said only after searching.
        <div className="card">
          <Skeleton active paragraph={{ rows: 8 }} />
        </div>
      ) : search.error ? (
        <LoadError error={search.error} onRetry={search.reload} />
      ) : results.length === 0 ? (
        <NoResults q={q} />
      ) : (
        <section className="card" aria-labelledby="results-title">
          <h1 id="results-title" className="card-title" aria-live="polite">
            “{q}”的搜索结果{' '}
            <span className="result-count">
              {results.length < LIMIT ? `共 ${results.length} 项` : `最相关的 ${results.length} 项`}（
              {region.name}）
            </span>
          </h1>
          <ol className="result-list">
            {results.map((r, i) => {
              const href = r.kind === 'bundle' ? `/bundles/${r.code}` : `/items/${r.code}`;
              const b = r.kind === 'bundle' ? bundleByCode.get(r.code) : undefined;
              const s = r.kind === 'item' ? { ...summaries[r.code], ...definedOnly(r) } : undefined;
              return (
                <li key={`${r.kind}-${r.code}`} className="result-item" data-rank={i + 1} data-kind={r.kind}>
                  <div className="result-title">
                    {r.kind === 'bundle' ? (
                      <Tag color="red" className="tag-yjs">
                        一件事
                      </Tag>
                    ) : (
                      <Tag color="blue">{s?.type ?? '事项'}</Tag>
                    )}
                    <Link to={href}>{itemTitle(r)}</Link>
                  </div>
                  <div className="result-meta">
                    {r.kind === 'bundle' ? (
                      <span className="item-meta">
                        {b ? (
                          <>
                            <span className="meta-field">
                              <span className="meta-label">涉及事项：</span>
                              {b.itemCount}项
                            </span>
                            <span className="meta-field">
                              <span className="meta-label">承诺时限：</span>
                              {b.promisedDays}个工作日
                            </span>
                          </>
                        ) : null}
                        <span className="meta-field">一次申请、一套材料、一次办结</span>
                      </span>
                    ) : (
                      <ItemMeta
                        departmentKind={s?.departmentKind ?? undefined}
                        promisedDays={s?.promisedDays}
                        onlineDepth={s?.onlineDepth ?? undefined}
                      />
                    )}
                    <span className="result-code">编码：{r.code}</span>
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </>
  );
}

function definedOnly(r: SearchResult) {
  const out: Partial<SearchResult> = {};
  if (r.type !== undefined) out.type = r.type;
  if (r.departmentKind !== undefined) out.departmentKind = r.departmentKind;
  if (r.promisedDays !== undefined) out.promisedDays = r.promisedDays;
  if (r.onlineDepth !== undefined) out.onlineDepth = r.onlineDepth;
  return out;
}
