import { describe, expect, it } from 'vitest';
import { outcomeOf } from './http.js';
import { actorOf, maskLoginName } from './record.js';

describe('audit entry fields', () => {
  it('normalizes login names and never keeps an ID number or a mobile number in clear', () => {
    expect(maskLoginName('  Demo-Clerk ')).toBe('demo-clerk');
    expect(maskLoginName('41120219900307241X')).toBe('4112**********241x');
    expect(maskLoginName('13937120002')).toBe('139****0002');
    expect(maskLoginName('')).toBeNull();
    expect(maskLoginName(42)).toBeNull();
    expect(maskLoginName('x'.repeat(500))!.length).toBeLessThanOrEqual(201);
    // The database refuses NUL and lone surrogates: they are replaced, so the attempt is still logged.
    expect(maskLoginName('a\u0000b\ud800c')).toBe('a?b\ufffdc');
  });

  it('shows staff by username and roles, applicants by masked login name and kind', () => {
    const staff = actorOf({
      id: 's1',
      kind: 'staff',
      username: 'demo-approver',
      name: '审批',
      roles: ['approver', 'issuer'],
      regionCode: '411200',
      departmentCode: 'SCJG-411200',
    });
    expect(staff).toEqual({ id: 's1', name: 'demo-approver', role: 'approver,issuer' });
    const person = actorOf({
      id: 'p1',
      kind: 'person',
      username: '411202199003072418',
      name: '张晓峡',
      roles: [],
      regionCode: null,
      departmentCode: null,
    });
    expect(person).toEqual({ id: 'p1', name: '4112**********2418', role: 'person' });
    expect(actorOf(null)).toBeNull();
  });

  it('maps response statuses to outcomes: refused by right is denied, by request a failure', () => {
    expect([200, 201, 204, 302].map(outcomeOf)).toEqual(['success', 'success', 'success', 'success']);
    expect([400, 401, 404, 409, 422].map(outcomeOf)).toEqual(Array(5).fill('failure'));
    expect([403, 423, 429].map(outcomeOf)).toEqual(['denied', 'denied', 'denied']);
    expect([500, 503].map(outcomeOf)).toEqual(['error', 'error']);
  });
});
