// 站内消息: a bell with the unread count in the header, a short list under it, and a page of all.
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Empty, Pagination, Spin } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../shared/api';
import { isStaff, useAuth } from '../shared/auth';
import { formatInstant } from '../shared/format';
import { useTitle } from '../shared/PageState';
import type { User } from '../shared/types';
import { useApi, useInvalidate } from '../shared/useApi';
import type { Inbox, Message } from './types';

const POLL_MS = 60_000;

interface MessagesState {
  inbox: Inbox | undefined;
  refresh: () => void;
  markRead: (m: Message) => Promise<void>;
}

const MessagesContext = createContext<MessagesState | null>(null);

/** Keeps the unread count fresh for the header: on login, on each page change and every minute. */
export function MessagesProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  const invalidate = useInvalidate();
  const { data: inbox } = useApi<Inbox>(user ? '/api/me/messages?limit=8' : null, {
    refetchInterval: POLL_MS,
  });

  const refresh = useCallback(() => void invalidate('/api/me/messages'), [invalidate]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change is a good moment to look again
  useEffect(() => {
    refresh();
  }, [refresh, location.pathname]);

  const markRead = useCallback(
    async (m: Message) => {
      if (m.read) return;
      await api.post(`/api/me/messages/${m.id}/read`).catch(() => undefined);
      refresh();
    },
    [refresh],
  );

  const value = useMemo(() => ({ inbox, refresh, markRead }), [inbox, refresh, markRead]);
  return <MessagesContext.Provider value={value}>{children}</MessagesContext.Provider>;
}

export function useMessages(): MessagesState {
  const ctx = useContext(MessagesContext);
  if (!ctx) throw new Error('useMessages outside MessagesProvider');
  return ctx;
}

export function caseLink(user: User | null | undefined, caseId: string): string {
  return isStaff(user) ? `/workbench/cases/${caseId}` : `/my/cases/${caseId}`;
}

function MessageRow({ m, onOpen }: { m: Message; onOpen: (m: Message) => void }) {
  return (
    <button type="button" className={`message-row${m.read ? '' : ' unread'}`} onClick={() => onOpen(m)}>
      <span className="message-title">
        {m.read ? null : <Badge status="processing" />}
        {m.title}
      </span>
      <span className="message-body">{m.body}</span>
      <span className="message-time">{formatInstant(m.createdAt)}</span>
    </button>
  );
}

export function MessageBell() {
  const { user } = useAuth();
  const { inbox, markRead } = useMessages();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!user) return null;
  const unread = inbox?.unread ?? 0;

  const openMessage = (m: Message) => {
    setOpen(false);
    void markRead(m);
    navigate(m.caseId ? caseLink(user, m.caseId) : '/my/messages');
  };

  return (
    <Dropdown
      open={open}
      onOpenChange={setOpen}
      trigger={['click']}
      placement="bottomRight"
      popupRender={() => (
        <div className="message-popup" role="dialog" aria-label="站内消息">
          <div className="message-popup-head">
            <strong>站内消息</strong>
            <span className="muted">{unread ? `${unread} 条未读` : '没有未读消息'}</span>
          </div>
          {inbox?.items.length ? (
            inbox.items.map((m) => <MessageRow key={m.id} m={m} onOpen={openMessage} />)
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
          )}
          <div className="message-popup-foot">
            <Link to="/my/messages" onClick={() => setOpen(false)}>
              查看全部消息
            </Link>
          </div>
        </div>
      )}
    >
      <Button
        type="text"
        size="small"
        className="bell-button"
        aria-label={unread ? `站内消息，${unread} 条未读` : '站内消息'}
      >
        <Badge count={unread} size="small" offset={[4, -2]}>
          <BellOutlined className="bell-icon" aria-hidden />
        </Badge>
      </Button>
    </Dropdown>
  );
}

const PAGE = 20;

export function MessagesPage() {
  useTitle('站内消息');
  const { user } = useAuth();
  const { markRead, refresh } = useMessages();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const { data, loading } = useApi<Inbox>(`/api/me/messages?limit=${PAGE}&offset=${(page - 1) * PAGE}`);

  const open = async (m: Message) => {
    await markRead(m);
    if (m.caseId) navigate(caseLink(user, m.caseId));
  };
  const readAll = async () => {
    for (const m of data?.items ?? [])
      if (!m.read) await api.post(`/api/me/messages/${m.id}/read`).catch(() => undefined);
    refresh();
  };

  return (
    <section className="card" aria-labelledby="messages-title">
      <div className="card-head">
        <h1 id="messages-title" className="card-title">
          站内消息
          <span className="result-count">{data ? `${data.unread} 条未读` : ''}</span>
        </h1>
        <Button onClick={readAll} disabled={!data?.items.some((m) => !m.read)}>
          本页全部标为已读
        </Button>
      </div>
      <Spin spinning={loading}>
        {data?.items.length ? (
          <ul className="message-list">
            {data.items.map((m) => (
              <li key={m.id}>
                <MessageRow m={m} onOpen={open} />
              </li>
            ))}
          </ul>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
        )}
      </Spin>
      {data && (data.items.length === PAGE || page > 1) ? (
        <Pagination
          className="pager"
          current={page}
          pageSize={PAGE}
          total={(page - 1) * PAGE + data.items.length + (data.items.length === PAGE ? 1 : 0)}
          onChange={setPage}
          simple
        />
      ) : null}
    </section>
  );
}
