import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../identity/id-number.js';
import { fillFields, type LicenceTypeDoc } from './fields.js';
import { maskPersonName, validUntilOf } from './service.js';

const SPJY: LicenceTypeDoc = {
  code: 'LIC-SPJY',
  name: '食品经营许可证',
  departmentKind: '市场监管',
  holder: 'enterprise',
  validityYears: 5,
  fields: [
    { key: 'licenceNo', label: '许可证编号' },
    { key: 'holderName', label: '名称' },
    { key: 'uscc', label: '统一社会信用代码' },
    { key: 'legalRepresentative', label: '法定代表人（负责人）' },
    { key: 'premises', label: '经营场所' },
    { key: 'mainBusiness', label: '主体业态' },
    { key: 'businessItems', label: '经营项目' },
    { key: 'validUntil', label: '有效期至' },
    { key: 'issuingAuthority', label: '发证机关' },
    { key: 'issueDate', label: '发证日期' },
  ],
};

const issuance = {
  issuerName: '峡州市市场监督管理局',
  issueDate: '2026-03-16',
  validUntil: '2031-03-15',
  licenceNo: 'SPJY4112000000001',
};

describe('fillFields', () => {
  it('fills a food business licence from the application form and the issuance', () => {
    const data = fillFields(SPJY, {
      form: {
        entName: '峡州市通办餐饮管理有限公司',
        uscc: '91411200MA9XKT2L7X',
        legalRep: '李明远',
        premises: '峡州市峡江区滨江路88号',
        mainBusiness: '餐饮服务经营者',
        businessItems: ['热食类食品制售', '冷食类食品制售'],
      },
      holder: {
        kind: 'enterprise',
        name: '峡州市通办餐饮管理有限公司',
        number: '91411200MA9XKT2L7X',
        legalRepName: null,
      },
      ...issuance,
    });
    expect(data).toEqual({
      licenceNo: 'SPJY4112000000001',
      holderName: '峡州市通办餐饮管理有限公司',
      uscc: '91411200MA9XKT2L7X',
      legalRepresentative: '李明远',
      premises: '峡州市峡江区滨江路88号',
      mainBusiness: '餐饮服务经营者',
      businessItems: '热食类食品制售；冷食类食品制售',
      validUntil: '2031年3月15日',
      issuingAuthority: '峡州市市场监督管理局',
      issueDate: '2026年3月16日',
    });
  });

  it('leaves a field empty when neither the form nor the account states it — nothing is invented', () => {
    const data = fillFields(SPJY, {
      form: { entName: '某公司' },
      holder: { kind: 'enterprise', name: '某公司', number: null, legalRepName: null },
      ...issuance,
    });
    expect(data.premises).toBe('');
    expect(data.mainBusiness).toBe('');
    expect(data.uscc).toBe('');
    expect(data.legalRepresentative).toBe('');
  });

  it('takes what the account knows when the form does not say it', () => {
    const data = fillFields(SPJY, {
      form: {},
      holder: { kind: 'enterprise', name: '某公司', number: '91411200MA9XKT2L7X', legalRepName: '王五' },
      ...issuance,
    });
    expect(data).toMatchObject({
      holderName: '某公司',
      uscc: '91411200MA9XKT2L7X',
      legalRepresentative: '王五',
    });
  });

  it('reads birth date and sex of an identity card from the number itself (GB 11643)', () => {
    const id = makeIdNumber('411202', '19900307', '241');
    const data = fillFields(
      {
        ...SPJY,
        code: 'LIC-SFZ',
        holder: 'person',
        validityYears: null,
        fields: [
          { key: 'name', label: '姓名' },
          { key: 'gender', label: '性别' },
          { key: 'birthDate', label: '出生' },
          { key: 'idNumber', label: '公民身份号码' },
          { key: 'validPeriod', label: '有效期限' },
        ],
      },
      {
        form: {},
        holder: { kind: 'person', name: '张晓峡', number: id, legalRepName: null },
        ...issuance,
        validUntil: null,
      },
    );
    expect(data).toEqual({
      name: '张晓峡',
      gender: '男',
      birthDate: '1990年3月7日',
      idNumber: id,
      validPeriod: '2026.03.16-长期',
    });
  });
});

describe('validUntilOf', () => {
  it('ends a term of whole years the day before the anniversary; null is long-term', () => {
    expect(validUntilOf('2026-03-16', 5)).toBe('2031-03-15');
    expect(validUntilOf('2026-01-01', 1)).toBe('2026-12-31');
    expect(validUntilOf('2024-02-29', 1)).toBe('2025-02-28');
    expect(validUntilOf('2026-03-16', null)).toBeNull();
  });
});

describe('maskPersonName', () => {
  it('keeps the first and last character', () => {
    expect(maskPersonName('张晓峡')).toBe('张*峡');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
  });
});
