import { DownOutlined, EnvironmentOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps, Select } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useMeta } from '../api/meta';
import { MessageBell } from '../cases/Messages';
import { isAdmin, isStaff, useAuth } from './auth';
import { useRegion } from './region';
import type { User } from './types';

const NAV = [
  { to: '/', label: '首页', end: true },
  { to: '/items?object=person', label: '个人办事' },
  { to: '/items?object=enterprise', label: '法人办事' },
  { to: '/bundles', label: '一件事一次办' },
  { to: '/items', label: '事项清单' },
];

const KIND_LABEL: Record<string, string> = { person: '个人用户', enterprise: '法人用户', staff: '工作人员' };

function RegionPicker() {
  const { region, choices, setRegion } = useRegion();
  return (
    <span className="region-picker">
      <EnvironmentOutlined aria-hidden />
      <label htmlFor="region-select" className="sr-only">
        选择办事区划
      </label>
      <Select
        id="region-select"
        size="small"
        variant="borderless"
        value={region.code}
        onChange={setRegion}
        popupMatchSelectWidth={false}
        options={choices.map((r) => ({
          value: r.code,
          label: r.level === 'city' ? `${r.name}本级` : r.name,
        }))}
      />
    </span>
  );
}

function UserMenu({ user }: { user: User }) {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const items: MenuProps['items'] = [
    { key: 'who', label: `${KIND_LABEL[user.kind] ?? ''} · ${user.username}`, disabled: true },
    { type: 'divider' },
  ];
  if (isAdmin(user)) items.push({ key: '/admin', label: '管理后台' });
  if (isStaff(user)) items.push({ key: '/workbench', label: '工作台' });
  else {
    items.push({ key: '/my/cases', label: '我的办件' });
    items.push({ key: '/my/cases?tab=drafts', label: '我的草稿' });
    items.push({ key: '/my/licences', label: '我的证照' });
  }
  items.push({ key: '/my/messages', label: '站内消息' });
  if (!isStaff(user)) items.push({ key: '/my/data-access', label: '我的数据使用记录' });
  items.push({ key: 'logout', label: '退出登录', icon: <LogoutOutlined />, danger: true });

  const onClick: MenuProps['onClick'] = async ({ key }) => {
    if (key === 'logout') {
      await logout();
      message.success('已退出登录');
      navigate('/');
    } else {
      navigate(key);
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" size="small" className="user-button" aria-label={`用户菜单：${user.name}`}>
        <UserOutlined aria-hidden /> <span className="user-name">{user.name}</span>{' '}
        <DownOutlined aria-hidden />
      </Button>
    </Dropdown>
  );
}

function TopBar() {
  const { user } = useAuth();
  const portal = useMeta()?.portalName;
  const location = useLocation();
  const redirect =
    location.pathname.startsWith('/login') || location.pathname.startsWith('/register')
      ? ''
      : `?redirect=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <div className="topbar no-print">
      <div className="container topbar-inner">
        <span className="topbar-welcome">您好，欢迎访问{portal}</span>
        <span className="topbar-right">
          <RegionPicker />
          <span className="topbar-sep" aria-hidden>
            |
          </span>
          {user ? (
            <>
              {isStaff(user) ? (
                <Link to="/workbench" className="topbar-link">
                  工作台
                </Link>
              ) : (
                <Link to="/my/cases" className="topbar-link">
                  我的办件
                </Link>
              )}
              <MessageBell />
              <UserMenu user={user} />
            </>
          ) : user === null ? (
            <span className="topbar-links">
              <Link to={`/login${redirect}`}>登录</Link>
              <Link to="/register">注册</Link>
            </span>
          ) : null}
        </span>
      </div>
    </div>
  );
}

function Brand() {
  const portal = useMeta()?.portalName;
  return (
    <Link to="/" className="brand" aria-label={`${portal ?? ''} · 通办 首页`}>
      <svg className="brand-mark" viewBox="0 0 48 48" aria-hidden>
        <circle cx="24" cy="24" r="22" fill="#c8161d" stroke="#f5d27a" strokeWidth="2" />
        <path
          d="M24 9l3.6 7.4 8.1 1.2-5.9 5.7 1.4 8.1L24 27.6l-7.2 3.8 1.4-8.1-5.9-5.7 8.1-1.2z"
          fill="#f5d27a"
        />
        <rect x="13" y="34" width="22" height="3" rx="1" fill="#f5d27a" />
      </svg>
      <span className="brand-text">
        <span className="brand-name">{portal} · 通办</span>
        <span className="brand-sub">一网通办 · 一次办成 · 最多跑一次</span>
      </span>
    </Link>
  );
}

function NavBar() {
  const location = useLocation();
  const current = location.pathname + location.search;
  return (
    <nav className="mainnav no-print" aria-label="主导航">
      <div className="container mainnav-inner">
        {NAV.map((n) => {
          const [path, qs] = n.to.split('?');
          let active: boolean;
          if (n.end) active = location.pathname === '/';
          else if (qs) active = current.startsWith(n.to);
          else
            active =
              location.pathname.startsWith(path!) &&
              !(path === '/items' && location.search.includes('object='));
          return (
            <Link
              key={n.to}
              to={n.to}
              className={active ? 'active' : undefined}
              aria-current={active ? 'page' : undefined}
            >
              {n.label}
            </Link>
          );
        })}
      </div>
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const portal = useMeta()?.portalName;
  return (
    <div className="site">
      <a href="#main" className="skip-link">
        跳到主要内容
      </a>
      <header className="site-header">
        <TopBar />
        <div className="banner">
          <div className="container banner-inner">
            <Brand />
          </div>
        </div>
        <NavBar />
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <div className="container">{children}</div>
      </main>
      <footer className="site-footer no-print">
        <div className="container footer-inner">
          <div>
            {portal} · 通办　|　政务服务便民热线：12345　|　<Link to="/proofs">保留证明事项清单</Link>
            {'　|　'}
            <Link to="/verify">电子证照核验</Link>
          </div>
          <div className="footer-muted">
            本网站由省政务服务事项基本目录提供数据支撑，办事指南以各实施部门最新发布为准。
          </div>
        </div>
      </footer>
    </div>
  );
}
