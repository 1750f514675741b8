import { Button, Result } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
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
const RecoverPage = lazy(() => import('./auth/RecoverPage').then((m) => ({ default: m.RecoverPage })));
const WorkbenchArea = lazy(() => import('./workbench/WorkbenchArea'));
const ApplyPage = lazy(() => import('./cases/ApplyPage').then((m) => ({ default: m.ApplyPage })));
const BundleApplyPage = lazy(() =>
  import('./cases/BundleApplyPage').then((m) => ({ default: m.BundleApplyPage })),
);
const MyCasesPage = lazy(() => import('./cases/MyCasesPage').then((m) => ({ default: m.MyCasesPage })));
const MyCasePage = lazy(() => import('./cases/MyCasePage').then((m) => ({ default: m.MyCasePage })));
const MessagesPage = lazy(() => import('./cases/Messages').then((m) => ({ default: m.MessagesPage })));
const DataAccessPage = lazy(() =>
  import('./sharing/DataAccessPage').then((m) => ({ default: m.DataAccessPage })),
);
const ProofsPage = lazy(() => import('./sharing/ProofsPage').then((m) => ({ default: m.ProofsPage })));
const VerifyPage = lazy(() => import('./licences/VerifyPage').then((m) => ({ default: m.VerifyPage })));
const WalletPage = lazy(() => import('./licences/WalletPage').then((m) => ({ default: m.WalletPage })));
const LicenceDetailPage = lazy(() =>
  import('./licences/WalletPage').then((m) => ({ default: m.LicenceDetailPage })),
);

/** Pages of a signed-in person: visitors log in first and come back; staff have their workbench. */
function RequireUser({ applicant, children }: { applicant?: boolean; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <Navigate to={`/login?redirect=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (applicant && isStaff(user)) return <Navigate to="/workbench" replace />;
  return <>{children}</>;
}

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
          <Route path="/proofs" element={<ProofsPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route
            path="/my/licences"
            element={
              <RequireUser applicant>
                <WalletPage />
              </RequireUser>
            }
          />
          <Route
            path="/my/licences/:id"
            element={
              <RequireUser applicant>
                <LicenceDetailPage />
              </RequireUser>
            }
          />
          <Route path="/apply/:code" element={<ApplyPage />} />
          <Route path="/apply-bundle/:code" element={<BundleApplyPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/recover" element={<RecoverPage />} />
          <Route
            path="/my/cases"
            element={
              <RequireUser applicant>
                <MyCasesPage />
              </RequireUser>
            }
          />
          <Route
            path="/my/cases/:id"
            element={
              <RequireUser applicant>
                <MyCasePage />
              </RequireUser>
            }
          />
          <Route
            path="/my/data-access"
            element={
              <RequireUser>
                <DataAccessPage />
              </RequireUser>
            }
          />
          <Route
            path="/my/messages"
            element={
              <RequireUser>
                <MessagesPage />
              </RequireUser>
            }
          />
          <Route
            path="/workbench/*"
            element={
              <RequireStaff>
                <WorkbenchArea />
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
