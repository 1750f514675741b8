import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { SERVED_OBJECT } from './labels';
import type { BundleSummary } from './types';

export function BundleCard({ bundle }: { bundle: BundleSummary }) {
  return (
    <Link to={`/bundles/${bundle.code}`} className="bundle-card">
      <span className="bundle-card-title">
        <Tag color="red" className="tag-yjs">
          一件事
        </Tag>
        {bundle.name}
      </span>
      <span className="bundle-card-meta">
        <span>
          承诺时限 <strong>{bundle.promisedDays}</strong> 个工作日
        </span>
        <span>
          涉及 <strong>{bundle.itemCount}</strong> 个事项
        </span>
      </span>
      <span className="bundle-card-objects">
        {bundle.servedObjects.map((o) => (
          <span key={o}>{SERVED_OBJECT[o] ?? o}</span>
        ))}
      </span>
    </Link>
  );
}
