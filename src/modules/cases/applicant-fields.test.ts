import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicantFieldsOf, withApplicantFields, withApplicantFieldsMerged } from './applicant-fields.js';

const catalog = JSON.parse(readFileSync(new URL('../../../seed/catalog.json', import.meta.url), 'utf8')) as {
  items: { code: string; name: string; form: unknown }[];
};
const item = (code: string) => catalog.items.find((i) => i.code === code)!;
const PERSON = { kind: 'person' as const, name: '张晓峡', idNumber: '411202199003072415' };
const ENTERPRISE = {
  kind: 'enterprise' as const,
  name: '峡州市通办餐饮管理有限公司',
  uscc: '91411200MA9XKT2L7X',
  legalRepName: '李明远',
  legalRepIdNumber: '411221198511160570',
};

describe('form fields that name the applicant', () => {
  it("overwrites a person's name and ID number, leaving the rest as sent", () => {
    const form = withApplicantFields(item('YB-GG-003-00'), PERSON, {
      applicantName: '李冒名',
      idNumber: '110105198001011234',
      destination: '深圳',
    });
    expect(form).toEqual({ applicantName: '张晓峡', idNumber: PERSON.idNumber, destination: '深圳' });
  });

  it("finds an enterprise's name, USCC and legal representative in a licence form", () => {
    const keys = [...applicantFieldsOf(item('SCJG-XK-007-01'), 'enterprise').keys()];
    expect(keys).toEqual(['entName', 'uscc', 'legalRep']);
  });

  it('leaves fields naming another party, and entities still being created', () => {
    // 股权出质登记: the company whose shares are pledged is not the applicant.
    expect(applicantFieldsOf(item('SCJG-QR-002-00'), 'enterprise').size).toBe(0);
    // 企业设立登记: the enterprise named is the one being registered.
    expect(applicantFieldsOf(item('SCJG-XK-001-00'), 'enterprise').size).toBe(0);
    // A person applying for a 个体工商户 names the business, not themselves, in entName.
    expect(applicantFieldsOf(item('SCJG-XK-004-00'), 'person').has('entName')).toBe(false);
  });

  it('removes a field the account has no value for instead of keeping the client’s', () => {
    const form = withApplicantFields(
      item('YB-GG-003-00'),
      { kind: 'person', name: '王五' },
      { idNumber: 'x' },
    );
    expect(form).toEqual({ applicantName: '王五' });
  });

  it("fills a bundle's merged key when every item field it feeds names the applicant", () => {
    const items = new Map([
      ['A', { name: '甲', form: { properties: { entName: { type: 'string', title: '企业名称' } } } }],
      ['B', { name: '乙', form: { properties: { entName: { type: 'string', title: '单位名称' } } } }],
    ]);
    const merged = {
      'x-sources': {
        entName: [
          { itemCode: 'A', key: 'entName' },
          { itemCode: 'B', key: 'entName' },
        ],
      },
    };
    expect(withApplicantFieldsMerged(merged, items, ENTERPRISE, { entName: '假', other: 1 })).toEqual({
      entName: ENTERPRISE.name,
      other: 1,
    });
  });
});
