import {
  ApartmentOutlined,
  BranchesOutlined,
  CloudUploadOutlined,
  FundOutlined,
  HistoryOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Menu } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ReductionPage } from '../sharing/ReductionPage';
import { CatalogImportPage } from './CatalogImportPage';
import { DepartmentsPage } from './DepartmentsPage';
import { ImportHistoryPage } from './ImportHistoryPage';
import { ItemVersionsPage } from './ItemVersionsPage';
import { RegionsPage } from './RegionsPage';
import { StaffPage } from './StaffPage';

const MENU = [
  { key: 'catalog-import', icon: <CloudUploadOutlined />, label: '事项目录导入' },
  { key: 'imports', icon: <HistoryOutlined />, label: '导入记录' },
  { key: 'versions', icon: <BranchesOutlined />, label: '事项版本' },
  { key: 'regions', icon: <UnorderedListOutlined />, label: '区划' },
  { key: 'departments', icon: <ApartmentOutlined />, label: '部门' },
  { key: 'staff', icon: <TeamOutlined />, label: '工作人员账号' },
  { key: 'material-reduction', icon: <FundOutlined />, label: '材料精简率' },
];

export default function AdminArea() {
  const location = useLocation();
  const current = location.pathname.split('/')[2] ?? 'catalog-import';

  return (
    <div className="admin">
      <nav className="card admin-nav" aria-label="管理后台菜单">
        <h2 className="admin-nav-title">管理后台</h2>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          items={MENU.map((m) => ({ ...m, label: <Link to={`/admin/${m.key}`}>{m.label}</Link> }))}
        />
      </nav>
      <div className="admin-main">
        <Routes>
          <Route index element={<Navigate to="catalog-import" replace />} />
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
