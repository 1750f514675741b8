import { Button, Result } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ApplyPage } from './guide/ApplyPage';
import { BundleListPage } from './guide/BundleListPage';
import { HomePage } from './portal/HomePage';
import { SearchPage } from './portal/SearchPage';
import { isAdmin, isStaff, useAuth } from './shared/auth';
import { Layout } from './shared/Layout';
import { Loading, useTitle } from './shared/PageState';

// Home and search load with the first page; every other area is fetched when first visited, so
// the portal's first paint does not wait for tables, forms and the admin tools.
const AdminArea = lazy(() => import('./admin/AdminArea'));
const ItemGuidePage = lazy(() => import('./guide/ItemGuidePage').then((m) => ({ default: m.ItemGuidePage })));
const BundlePage = lazy(() => import('./guide/BundlePage').then((m) => ({ default: m.BundlePage })));
const ItemListPage = lazy(() => import('./portal/ItemListPage').then((m) => ({ default: m.ItemListPage })));
const LoginPage = lazy(() => import('./auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const RegisterPage = lazy(() => import('./auth/RegisterPage').then((m) => ({ default: m.RegisterPage })));
const WorkbenchPage = lazy(() =>
  import('./workbench/WorkbenchPage').then((m) => ({ default: m.WorkbenchPage })),
);

function RequireStaff({ admin, children }: { admin?: boolean; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <Navigate to={`/login?redirect=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  const allowed = admin ? isAdmin(user) : isStaff(user);
  if (!allowed) {
    return (
      <Result
        className="card"
        status="403"
        title="没有访问权限"
        subTitle={admin ? '该区域仅向系统管理员开放。' : '该区域仅向工作人员开放。'}
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}

function NotFound() {
  useTitle('页面不存在');
  return (
    <Result
      className="card"
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已调整。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}

export function App() {
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="/items" element={<ItemListPage />} />
          <Route path="/items/:code" element={<ItemGuidePage />} />
          <Route path="/bundles" element={<BundleListPage />} />
          <Route path="/bundles/:code" element={<BundlePage />} />
          <Route path="/apply/:code" element={<ApplyPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route
            path="/workbench"
            element={
              <RequireStaff>
                <WorkbenchPage />
              </RequireStaff>
            }
          />
          <Route
            path="/admin/*"
            element={
              <RequireStaff admin>
                <AdminArea />
              </RequireStaff>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
