import { Tag } from 'antd';
import { daysLabel, ONLINE_DEPTH } from './labels';

export function DepthTag({ depth }: { depth: number | undefined }) {
  if (depth === undefined) return null;
  const d = ONLINE_DEPTH[depth];
  return <Tag color={d?.color ?? 'default'}>{d?.label ?? `网办深度${depth}`}</Tag>;
}

export function PromisedTag({ days }: { days: number | undefined }) {
  if (days === undefined) return null;
  return days === 0 ? <Tag color="orange">即办件</Tag> : <Tag>承诺{daysLabel(days)}</Tag>;
}

interface MetaProps {
  type?: string;
  departmentKind?: string;
  promisedDays?: number;
  onlineDepth?: number;
}

/** One dense line under an item's name: department, type, promised limit, online depth. */
export function ItemMeta({ type, departmentKind, promisedDays, onlineDepth }: MetaProps) {
  return (
    <span className="item-meta">
      {departmentKind ? (
        <span className="meta-field">
          <span className="meta-label">实施部门：</span>
          {departmentKind}部门
        </span>
      ) : null}
      {type ? (
        <span className="meta-field">
          <span className="meta-label">事项类型：</span>
          {type}
        </span>
      ) : null}
      {promisedDays !== undefined ? (
        <span className="meta-field">
          <span className="meta-label">承诺时限：</span>
          {daysLabel(promisedDays)}
        </span>
      ) : null}
      {onlineDepth !== undefined ? (
        <span className="meta-field">
          <span className="meta-label">网办深度：</span>
          <DepthTag depth={onlineDepth} />
        </span>
      ) : null}
    </span>
  );
}
