import { ApartmentOutlined, RightOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { withQuery } from '../shared/api';
import { useAuth } from '../shared/auth';
import { BundleCard } from '../shared/BundleCard';
import { useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { BundleSummary, ItemList, ServedObject, ThemeCount } from '../shared/types';
import { useApi } from '../shared/useApi';
import { HotSearches, SearchBox } from './SearchBox';

function ThemeGrid({ object }: { object: ServedObject }) {
  const { regionPath } = useRegion();
  const { data, loading, error } = useApi<{ items: ThemeCount[] }>(
    regionPath('/api/catalog/themes', { object }),
  );
  // Until the region is known the path is null: still loading, not empty.
  if (loading || (!data && !error)) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (error) return <Empty description={`主题加载失败：${error.title}`} />;
  const themes = data?.items ?? [];
  if (themes.length === 0) return <Empty description="本区划暂无该类事项" />;
  return (
    <ul className="theme-grid">
      {themes.map((t) => (
        <li key={t.theme}>
          <Link to={withQuery('/items', { object, theme: t.theme })} className="theme-link">
            <span className="theme-name">{t.theme}</span>
            <span className="theme-count">
              {t.count}
              <span className="sr-only">项</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Bundles() {
  const { regionPath } = useRegion();
  const { data, loading, error } = useApi<{ items: BundleSummary[] }>(regionPath('/api/catalog/bundles'));
  if (loading || (!data && !error)) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (error) return <Empty description={`一件事加载失败：${error.title}`} />;
  const bundles = data?.items ?? [];
  if (bundles.length === 0) return <Empty description="本区划暂未开通一件事服务" />;
  return (
    <div className="bundle-grid">
      {bundles.slice(0, 8).map((b) => (
        <BundleCard key={b.code} bundle={b} />
      ))}
    </div>
  );
}

function Welcome() {
  const { user } = useAuth();
  const { region, regionPath } = useRegion();
  const total = useApi<ItemList>(regionPath('/api/catalog/items', { limit: 1 }));
  return (
    <section className="card welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title" className="card-title">
        用户服务
      </h2>
      {user ? (
        <p className="welcome-user">
          <UserOutlined aria-hidden /> 欢迎您，{user.name}
        </p>
      ) : (
        <div className="welcome-actions">
          <Link to="/login">
            <Button type="primary" block>
              登录
            </Button>
          </Link>
          <Link to="/register">
            <Button block>注册</Button>
          </Link>
        </div>
      )}
      <dl className="welcome-stats">
        <div>
          <dt>当前区划</dt>
          <dd>{region.name}</dd>
        </div>
        <div>
          <dt>可办事项</dt>
          <dd>{total.data ? `${total.data.total} 项` : '—'}</dd>
        </div>
      </dl>
      <ul className="promise-list">
        <li>一网通办：网上申报，全程可查</li>
        <li>最多跑一次：材料齐全，一次办结</li>
        <li>一件事一次办：一张表单，一次提交</li>
      </ul>
    </section>
  );
}

export function HomePage() {
  useTitle(undefined);
  const [object, setObject] = useState<ServedObject>('person');
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title" className="hero-title">
          办事服务 <span>一网通办</span>
        </h1>
        <SearchBox />
        <HotSearches />
      </section>

      <div className="home-columns">
        <section className="card" aria-labelledby="themes-title">
          <div className="card-head">
            <h2 id="themes-title" className="card-title">
              按主题办事
            </h2>
            <Link to={withQuery('/items', { object })} className="more-link">
              全部事项 <RightOutlined aria-hidden />
            </Link>
          </div>
          <Tabs
            activeKey={object}
            onChange={(k) => setObject(k as ServedObject)}
            items={[
              {
                key: 'person',
                label: (
                  <span>
                    <TeamOutlined aria-hidden /> 个人办事
                  </span>
                ),
                children: <ThemeGrid object="person" />,
              },
              {
                key: 'enterprise',
                label: (
                  <span>
                    <ApartmentOutlined aria-hidden /> 法人办事
                  </span>
                ),
                children: <ThemeGrid object="enterprise" />,
              },
            ]}
          />
        </section>
        <Welcome />
      </div>

      <section className="card" aria-labelledby="bundles-title">
        <div className="card-head">
          <h2 id="bundles-title" className="card-title">
            一件事一次办
          </h2>
          <Link to="/bundles" className="more-link">
            查看全部 <RightOutlined aria-hidden />
          </Link>
        </div>
        <p className="card-intro">多个事项一次申请、一套材料、一窗受理、一次办结。</p>
        <Bundles />
      </section>
    </>
  );
}
