import { Descriptions, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { roleLabel, useMeta } from '../api/meta';
import { withQuery } from '../shared/api';
import { useAuth } from '../shared/auth';
import { useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { Department, User } from '../shared/types';
import { useApi } from '../shared/useApi';
import { TaskInbox } from './TaskInbox';

// Modules still to come for roles without a case queue (综合窗口 and 审批 work in the queue above).
const MODULES: Array<{ roles: string[]; name: string; what: string }> = [
  { roles: ['issuer'], name: '电子证照签发', what: '审批通过后签发电子证照、证照作废' },
  { roles: ['agent'], name: '12345 热线', what: '来电登记、知识库答复、派单、督办、回访' },
  { roles: ['supervisor'], name: '效能监察', what: '超期预警、部门与区划排名、周报、差评整改' },
  { roles: ['inspector'], name: '双随机一公开', what: '随机抽取检查对象与检查人员、录入与公示检查结果' },
];

function ModulesOverview() {
  const { user } = useAuth();
  const meta = useMeta();
  const { regionName } = useRegion();
  const depts = useApi<{ items: Department[] }>(
    user?.departmentCode ? withQuery('/api/departments', { region: user.regionCode ?? undefined }) : null,
  );
  if (!user) return null;
  const deptName = depts.data?.items.find((d) => d.code === user.departmentCode)?.name ?? user.departmentCode;
  const mine = MODULES.filter((m) => m.roles.some((r) => user.roles.includes(r)));
  const list = mine.length ? mine : MODULES;

  return (
    <>
      <section className="card" aria-labelledby="wb-title">
        <h1 id="wb-title" className="card-title">
          工作台
        </h1>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'name', label: '工作人员', children: `${user.name}（${user.username}）` },
            {
              key: 'roles',
              label: '岗位角色',
              children: user.roles.length
                ? user.roles.map((r) => <Tag key={r}>{roleLabel(meta, r)}</Tag>)
                : '—',
            },
            {
              key: 'scope',
              label: '所属区划 / 部门',
              children: `${user.regionCode ? regionName(user.regionCode) : '—'}${deptName ? ` / ${deptName}` : ''}`,
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="wb-modules-title">
        <h2 id="wb-modules-title" className="card-title">
          {mine.length ? '您的业务模块' : '业务模块'}
        </h2>
        <p className="card-intro">
          以下模块正在建设中，将陆续开放。开放前请按原有流程办理业务；事项与办事指南可在门户中查阅。
        </p>
        <ul className="module-list">
          {list.map((m) => (
            <li key={m.name} className="module-item">
              <span className="module-name">
                {m.name} <Tag color="default">建设中</Tag>
              </span>
              <span className="module-what">{m.what}</span>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/items">查阅事项清单与办事指南</Link>
        </p>
      </section>
    </>
  );
}

/** Roles that work a case queue (GET /api/tasks); the others still see their modules overview. */
const CASE_ROLES = ['window', 'reviewer', 'approver', 'issuer'];

function StaffStrip({ user }: { user: User }) {
  const { regionName } = useRegion();
  const meta = useMeta();
  const depts = useApi<{ items: Department[] }>(
    user.departmentCode ? withQuery('/api/departments', { region: user.regionCode ?? undefined }) : null,
  );
  const deptName = depts.data?.items.find((d) => d.code === user.departmentCode)?.name ?? user.departmentCode;
  return (
    <p className="staff-strip">
      <span>
        工作人员：<strong>{user.name}</strong>（{user.username}）
      </span>
      <span>
        岗位：
        {user.roles.map((r) => (
          <Tag key={r}>{roleLabel(meta, r)}</Tag>
        ))}
      </span>
      <span>
        {user.regionCode ? regionName(user.regionCode) : '—'}
        {deptName ? ` · ${deptName}` : ''}
      </span>
    </p>
  );
}

export function WorkbenchPage() {
  useTitle('工作台');
  const { user } = useAuth();
  if (!user) return null;
  if (!user.roles.some((r) => CASE_ROLES.includes(r))) return <ModulesOverview />;
  return (
    <>
      <StaffStrip user={user} />
      <TaskInbox user={user} />
    </>
  );
}
