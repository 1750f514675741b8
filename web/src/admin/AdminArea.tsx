import {
  ApartmentOutlined,
  BranchesOutlined,
  CloudUploadOutlined,
  FundOutlined,
  HistoryOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Menu, Spin } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useApi } from '../shared/useApi';
import { ReductionPage } from '../sharing/ReductionPage';
import { CatalogImportPage } from './CatalogImportPage';
import { DepartmentsPage } from './DepartmentsPage';
import { ImportHistoryPage } from './ImportHistoryPage';
import { ItemVersionsPage } from './ItemVersionsPage';
import { RegionsPage } from './RegionsPage';
import { StaffPage } from './StaffPage';

/** Each entry names the request its page makes: it is offered only when the server would accept it. */
const MENU = [
  {
    key: 'catalog-import',
    icon: <CloudUploadOutlined />,
    label: '事项目录导入',
    route: 'POST /api/admin/catalog/imports',
  },
  { key: 'imports', icon: <HistoryOutlined />, label: '导入记录', route: 'GET /api/admin/catalog/imports' },
  { key: 'versions', icon: <BranchesOutlined />, label: '事项版本' },
  { key: 'regions', icon: <UnorderedListOutlined />, label: '区划' },
  { key: 'departments', icon: <ApartmentOutlined />, label: '部门' },
  { key: 'staff', icon: <TeamOutlined />, label: '工作人员账号', route: 'GET /api/admin/staff' },
  { key: 'material-reduction', icon: <FundOutlined />, label: '材料精简率' },
];

export default function AdminArea() {
  const location = useLocation();
  const permissions = useApi<{ routes: string[] }>('/api/me/permissions');
  if (!permissions.data) return permissions.error ? null : <Spin />;
  const may = new Set(permissions.data.routes);
  const menu = MENU.filter((m) => !m.route || may.has(m.route));
  const first = menu[0]?.key ?? 'staff';
  const current = location.pathname.split('/')[2] ?? first;

  return (
    <div className="admin">
      <nav className="card admin-nav" aria-label="管理后台菜单">
        <h2 className="admin-nav-title">管理后台</h2>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          items={menu.map(({ route: _route, ...m }) => ({
            ...m,
            label: <Link to={`/admin/${m.key}`}>{m.label}</Link>,
          }))}
        />
      </nav>
      <div className="admin-main">
        <Routes>
          <Route index element={<Navigate to={first} replace />} />
          <Route path="catalog-import" element={<CatalogImportPage />} />
          <Route path="imports" element={<ImportHistoryPage />} />
          <Route path="versions" element={<ItemVersionsPage />} />
          <Route path="regions" element={<RegionsPage />} />
          <Route path="departments" element={<DepartmentsPage />} />
          <Route path="staff" element={<StaffPage />} />
          <Route path="material-reduction" element={<ReductionPage />} />
          <Route path="*" element={<Navigate to="/admin" replace />} />
        </Routes>
      </div>
    </div>
  );
}
