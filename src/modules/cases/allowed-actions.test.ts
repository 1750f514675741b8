import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/http/access.js';
import { allowedActions } from './allowed-actions.js';
import type { CaseRow, MaterialRow, StepRow } from './repo.js';

const applicant: Principal = {
  id: 'a1',
  kind: 'enterprise',
  username: 'ent',
  name: '某公司',
  roles: [],
  regionCode: null,
  departmentCode: null,
};
const clerk: Principal = {
  id: 'c1',
  kind: 'staff',
  username: 'clerk',
  name: '王窗口',
  roles: ['window'],
  regionCode: '411200',
  departmentCode: 'ZWFW-411200',
};
const otherCityClerk: Principal = { ...clerk, id: 'c2', regionCode: '410300' };
const scope = { regionSubtree: ['411200', '411202'] };

const row = (over: Partial<Record<keyof CaseRow, unknown>>): CaseRow =>
  ({
    id: 'k1',
    applicant_id: 'a1',
    region_code: '411202',
    department_code: 'SCJG-411200',
    status: 'submitted',
    bundle_code: null,
    item_code: 'ITEM',
    delivery: { mode: 'window' },
    correction_materials: [],
    ...over,
  }) as unknown as CaseRow;
const material = (id: string, status: MaterialRow['status'], required = true) =>
  ({ material_id: id, name: `材料${id}`, status, required }) as MaterialRow;
const none = { steps: [] as StepRow[], materials: [] as MaterialRow[] };
const names = (xs: { action: string }[]) => xs.map((x) => x.action);

describe('allowedActions', () => {
  it('offers the applicant only withdrawal before the decision, and nothing after it', () => {
    expect(names(allowedActions(applicant, row({}), { regionSubtree: [] }, none))).toEqual(['withdraw']);
    expect(
      names(allowedActions(applicant, row({ status: 'approved' }), { regionSubtree: [] }, none)),
    ).toEqual([]);
  });

  it('offers nothing to a clerk whose region does not cover the case', () => {
    expect(allowedActions(otherCityClerk, row({}), { regionSubtree: ['410300'] }, none)).toEqual([]);
  });

  it('offers 受理 with the reason it is blocked while a required material is missing', () => {
    const a = allowedActions(clerk, row({}), scope, { steps: [], materials: [material('m1', 'missing')] });
    expect(a.find((x) => x.action === 'accept')?.blockedBy).toMatch(/材料m1/);
    expect(a.find((x) => x.action === 'reject')?.requires).toEqual(['comment']);
  });

  it('asks for a waybill when delivering by express, on a bundle parent only once every part is done', () => {
    const parent = row({
      bundle_code: 'B',
      item_code: null,
      status: 'approved',
      delivery: { mode: 'express' },
    });
    const done = row({ id: 'k2', status: 'approved' });
    const open = row({ id: 'k3', status: 'in_review' });
    const ready = allowedActions(clerk, parent, scope, { ...none, children: [done] });
    expect(ready).toEqual([{ action: 'deliver', label: '送达', requires: ['trackingNo'], blockedBy: null }]);
    const waiting = allowedActions(clerk, parent, scope, { ...none, children: [done, open] });
    expect(waiting[0]?.blockedBy).toBe('各部门尚未全部办结');
  });
});
