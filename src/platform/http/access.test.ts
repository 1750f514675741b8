import { describe, expect, it } from 'vitest';
import { access, type Principal, permits } from './access.js';

const person: Principal = {
  id: '1',
  kind: 'person',
  username: 'p',
  name: 'P',
  roles: [],
  regionCode: '411202',
  departmentCode: null,
};
const clerk: Principal = { ...person, id: '2', kind: 'staff', roles: ['window'] };

describe('permits', () => {
  it('lets anyone through a public route', () => {
    expect(permits(access.public, null)).toBe('ok');
  });
  it('asks for a session everywhere else', () => {
    for (const rule of [access.user, access.applicant, access.staff('admin')])
      expect(permits(rule, null)).toBe('unauthenticated');
  });
  it('keeps staff routes to staff holding one of the roles', () => {
    expect(permits(access.staff('window', 'reviewer'), clerk)).toBe('ok');
    expect(permits(access.staff('admin'), clerk)).toBe('forbidden');
    expect(permits(access.staff('window'), person)).toBe('forbidden');
  });
  it('keeps applicant routes to people and enterprises', () => {
    expect(permits(access.applicant, person)).toBe('ok');
    expect(permits(access.applicant, clerk)).toBe('forbidden');
  });
});
