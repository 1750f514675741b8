import { Button, Result, Skeleton } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useMeta } from '../api/meta';
import type { ApiError } from './api';

/** The page title, after the portal's name (PORTAL_NAME, from GET /api/meta). */
export function useTitle(title: string | undefined): void {
  const portal = useMeta()?.portalName;
  useEffect(() => {
    if (!portal) return;
    document.title = title ? `${title} - ${portal}` : `${portal} · 通办`;
  }, [title, portal]);
}

export function Loading({ rows = 6 }: { rows?: number }) {
  return (
    <div className="card" aria-busy="true" aria-live="polite">
      <span className="sr-only">正在加载…</span>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

export function LoadError({
  error,
  onRetry,
  what = '内容',
}: {
  error: ApiError;
  onRetry?: () => void;
  what?: string;
}) {
  if (error.status === 404) {
    return (
      <Result
        className="card"
        status="404"
        title={`未找到该${what}`}
        subTitle="链接可能有误，或该项已调整。可以返回首页重新搜索。"
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    );
  }
  return (
    <Result
      className="card"
      status={error.status === 403 ? '403' : 'error'}
      title={error.title}
      subTitle={error.detail || undefined}
      extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}
