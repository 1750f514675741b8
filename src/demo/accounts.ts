import { makeIdNumber } from '../modules/identity/id-number.js';
import type { IdentityService } from '../modules/identity/service.js';
import { makeUscc } from '../modules/identity/uscc.js';

export const DEMO_PASSWORD = 'Tongban@2026';

/** Demo numbers are computed for fictional people here, never published test vectors. */
export const DEMO_PERSON_ID = makeIdNumber('411202', '19900307', '241');
export const DEMO_LEGAL_REP_ID = makeIdNumber('411221', '19851116', '057');
export const DEMO_USCC = makeUscc('91411200MA9XKT2L7');

const staff = (
  username: string,
  name: string,
  roles: string[],
  departmentCode: string | null = null,
  regionCode = '411200',
) => ({
  kind: 'staff' as const,
  username,
  name,
  roles,
  region_code: regionCode,
  department_code: departmentCode,
  id_number: null,
  uscc: null,
  phone: null,
  legal_rep_name: null,
  legal_rep_id_number: null,
});

export const DEMO_ACCOUNTS = [
  {
    kind: 'person' as const,
    username: 'demo-person',
    name: '张晓峡',
    id_number: DEMO_PERSON_ID,
    uscc: null,
    phone: '13937120001',
    legal_rep_name: null,
    legal_rep_id_number: null,
    roles: [],
    region_code: '411202',
    department_code: null,
  },
  {
    kind: 'enterprise' as const,
    username: 'demo-enterprise',
    name: '峡州市通办餐饮管理有限公司',
    id_number: null,
    uscc: DEMO_USCC,
    phone: '13937120002',
    legal_rep_name: '李明远',
    legal_rep_id_number: DEMO_LEGAL_REP_ID,
    roles: [],
    region_code: '411200',
    department_code: null,
  },
  staff('demo-clerk', '王窗口', ['window'], 'ZWFW-411200'),
  staff('demo-reviewer', '赵审查', ['reviewer'], 'SCJG-411200'),
  staff('demo-approver', '钱决定', ['approver', 'issuer'], 'SCJG-411200'),
  staff('demo-agent', '孙热线', ['agent']),
  staff('demo-supervisor', '周监察', ['supervisor']),
  staff('demo-inspector', '吴检查', ['inspector'], 'SCJG-411200'),
  staff('demo-admin', '郑管理', ['admin']),
  staff('demo-handler', '冯承办', ['handler'], 'SCJG-411200'),
  staff('demo-credit', '陈信用', ['credit']),
  // 三员分立: the auditor reads the audit log and administers nothing.
  staff('demo-auditor', '褚审计', ['auditor']),
  // Calendar years and catalog imports are province-wide: only a province-level admin holds them.
  staff('demo-province-admin', '卫省管', ['admin'], null, '410000'),
];

export async function seedDemoAccounts(identity: IdentityService): Promise<string[]> {
  const created: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (await identity.ensureAccount({ ...a, password: DEMO_PASSWORD })) created.push(a.username);
  }
  return created;
}
