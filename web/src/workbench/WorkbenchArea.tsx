import { Navigate, Route, Routes } from 'react-router-dom';
import { StaffCasePage } from './StaffCasePage';
import { WindowIntakePage } from './WindowIntakePage';
import { WorkbenchPage } from './WorkbenchPage';

/** /workbench/*: the queue, window intake and the case handling page. */
export default function WorkbenchArea() {
  return (
    <Routes>
      <Route index element={<WorkbenchPage />} />
      <Route path="intake" element={<WindowIntakePage />} />
      <Route path="cases/:id" element={<StaffCasePage />} />
      <Route path="*" element={<Navigate to="/workbench" replace />} />
    </Routes>
  );
}
