import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import type { Role } from '../../src/platform/http/access.js';
import type { TestApp } from './app.js';

/** Creates (once) a staff account of the given roles and scope through the identity service and logs it in. */
export async function staffLogin(
  t: TestApp,
  username: string,
  roles: Role[],
  regionCode: string,
  departmentCode: string | null = null,
): Promise<string> {
  await t.app.identity.ensureAccount({
    kind: 'staff',
    username,
    name: username,
    roles,
    region_code: regionCode,
    department_code: departmentCode,
    id_number: null,
    uscc: null,
    phone: null,
    legal_rep_name: null,
    legal_rep_id_number: null,
    password: DEMO_PASSWORD,
  });
  return t.login(username);
}

/** A province-level administrator (region 410000): calendar years and catalog imports are theirs. */
export const provinceAdminLogin = (t: TestApp) => staffLogin(t, 'test-province-admin', ['admin'], '410000');
