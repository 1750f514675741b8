import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../http/access.js';
import {
  actionPolicy,
  CASE,
  createAuthz,
  decide,
  FILE,
  isProvinceCode,
  LICENCE,
  type ObjectFacts,
  type Reach,
  STAFF,
} from './index.js';

const SUBTREES: Record<string, string[]> = {
  '410000': ['410000', '411200', '411202', '410300'],
  '411200': ['411200', '411202'],
  '411202': ['411202'],
  '410300': ['410300'],
};

const staff = (roles: Role[], regionCode: string, departmentCode: string | null = null): Reach => ({
  principal: {
    id: `s-${roles.join()}-${regionCode}-${departmentCode}`,
    kind: 'staff',
    username: 's',
    name: 's',
    roles,
    regionCode,
    departmentCode,
  },
  subtree: new Set(SUBTREES[regionCode] ?? [regionCode]),
});
const person = (id: string): Reach => ({
  principal: {
    id,
    kind: 'person',
    username: id,
    name: id,
    roles: [],
    regionCode: null,
    departmentCode: null,
  },
  subtree: new Set(),
});

const aCase: ObjectFacts = {
  kind: 'case',
  id: 'c1',
  regionCode: '411200',
  departmentCode: 'SCJG-411200',
  applicantId: 'p1',
};

describe('the authorization model', () => {
  it('lets the applicant, the region’s window, the routed department and regional supervisors read a case; no one else', () => {
    expect(decide(person('p1'), CASE.read, aCase)).toBe('ok');
    expect(decide(person('p2'), CASE.read, aCase)).toBe('not_found');
    expect(decide(staff(['window'], '411200', 'ZWFW-411200'), CASE.read, aCase)).toBe('ok');
    expect(decide(staff(['window'], '411202', 'ZWFW-411202'), CASE.read, aCase)).toBe('not_found');
    expect(decide(staff(['inspector'], '411200', 'SCJG-411200'), CASE.read, aCase)).toBe('ok');
    expect(decide(staff(['reviewer'], '411200', 'GA-411200'), CASE.read, aCase)).toBe('not_found');
    expect(decide(staff(['supervisor'], '410000'), CASE.read, aCase)).toBe('ok');
    expect(decide(staff(['supervisor'], '410300'), CASE.read, aCase)).toBe('not_found');
  });

  it('answers 403 for a visible case whose action the caller may never take, 404 when it cannot see it', () => {
    const w = {
      name: 'case',
      kind: 'case' as const,
      read: CASE.read.see,
      actions: { accept: { by: ['window'] }, approve: { by: ['approver'] } },
    };
    expect(decide(staff(['window'], '411200'), actionPolicy(w, 'accept'), aCase)).toBe('ok');
    expect(decide(staff(['reviewer'], '411200', 'SCJG-411200'), actionPolicy(w, 'accept'), aCase)).toBe(
      'forbidden',
    );
    expect(decide(staff(['approver'], '410300', 'SCJG-410300'), actionPolicy(w, 'approve'), aCase)).toBe(
      'not_found',
    );
    expect(decide(person('p1'), actionPolicy(w, 'approve'), aCase)).toBe('forbidden');
    expect(() => actionPolicy({ ...w, actions: { odd: { by: [] } } }, 'odd')).toThrow(/declares no actor/);
  });

  it('keeps licence revocation to the issuer role of the issuing department', () => {
    const lic: ObjectFacts = {
      kind: 'licence',
      id: 'l1',
      ownerId: 'e1',
      issuerDepartmentCode: 'SCJG-411200',
    };
    expect(decide(staff(['issuer'], '411200', 'SCJG-411200'), LICENCE.revoke, lic)).toBe('ok');
    expect(decide(staff(['inspector'], '411200', 'SCJG-411200'), LICENCE.revoke, lic)).toBe('forbidden');
    expect(decide(staff(['issuer'], '410300', 'SCJG-410300'), LICENCE.revoke, lic)).toBe('not_found');
  });

  it('lets staff read a licence only through a cited case of their department whose applicant holds it', () => {
    const own = { ...aCase, applicantId: 'e1' };
    const lic = (cases: ObjectFacts[]): ObjectFacts => ({
      kind: 'licence',
      id: 'l1',
      ownerId: 'e1',
      issuerDepartmentCode: 'GA-411200',
      cases,
    });
    const reviewer = staff(['reviewer'], '411200', 'SCJG-411200');
    expect(decide(reviewer, LICENCE.read, lic([own]))).toBe('ok');
    expect(decide(reviewer, LICENCE.read, lic([]))).toBe('not_found');
    expect(decide(reviewer, LICENCE.read, lic([{ ...own, applicantId: 'someone-else' }]))).toBe('not_found');
    expect(decide(staff(['reviewer'], '411200', 'GA-411200'), LICENCE.read, lic([own]))).toBe('not_found');
    expect(decide(person('e1'), LICENCE.read, lic([]))).toBe('ok');
  });

  it('lets a file be read by its owner, the applicant of a holding case and staff who may read that case', () => {
    const file = (cases: ObjectFacts[]): ObjectFacts => ({ kind: 'file', id: 'f1', ownerId: 'clerk', cases });
    expect(decide(person('p1'), FILE.read, file([aCase]))).toBe('ok');
    expect(decide(person('p1'), FILE.read, file([]))).toBe('not_found');
    expect(decide(staff(['reviewer'], '411200', 'SCJG-411200'), FILE.read, file([aCase]))).toBe('ok');
    expect(decide(staff(['reviewer'], '411200', 'SCJG-411200'), FILE.read, file([]))).toBe('not_found');
    expect(decide(staff(['admin'], '410300'), FILE.read, file([aCase]))).toBe('not_found');
  });

  it('keeps an administrator to staff of its own region subtree', () => {
    const s = (regionCode: string): ObjectFacts => ({ kind: 'staff', id: 'new', regionCode });
    expect(decide(staff(['admin'], '411200'), STAFF.manage, s('411202'))).toBe('ok');
    expect(decide(staff(['admin'], '411200'), STAFF.manage, s('410300'))).toBe('forbidden');
    expect(decide(staff(['window'], '411200'), STAFF.manage, s('411200'))).toBe('forbidden');
  });

  it('knows a province-level region by its GB/T 2260 code', () => {
    expect(['410000', '110000', '650000'].map(isProvinceCode)).toEqual([true, true, true]);
    expect(['411200', '411202', '411221100', null].map(isProvinceCode)).toEqual([false, false, false, false]);
  });

  it('resolves the caller’s subtree once and maps refusals to 404 and 403 problems', async () => {
    let asked = 0;
    const authz = createAuthz({
      subtree: async (c) => {
        asked++;
        return SUBTREES[c] ?? [c];
      },
    });
    const p = staff(['reviewer'], '411200', 'SCJG-411200').principal as Principal;
    await authz.authorize(p, CASE.read, aCase);
    await authz.authorize(p, CASE.read, aCase);
    expect(asked).toBe(1);
    await expect(
      authz.authorize(p, CASE.read, { ...aCase, departmentCode: 'GA-411200' }),
    ).rejects.toMatchObject({
      status: 404,
      detail: '办件「c1」不存在',
    });
    await expect(authz.authorize(p, CASE.supply, aCase)).rejects.toMatchObject({ status: 403 });
  });
});
