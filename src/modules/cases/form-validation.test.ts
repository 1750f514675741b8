import { describe, expect, it } from 'vitest';
import { validateForm } from './form-validation.js';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['entName', 'phone'],
  properties: {
    entName: { type: 'string', title: '企业名称', minLength: 1 },
    phone: { type: 'string', title: '联系电话', pattern: '^1[3-9]\\d{9}$' },
    kind: { type: 'string', title: '类型', enum: ['甲', '乙'] },
    capital: { type: 'number', title: '注册资本', exclusiveMinimum: 0 },
  },
  additionalProperties: false,
};

describe('validateForm', () => {
  it('accepts a valid form', () => {
    expect(validateForm('t1', schema, { entName: '峡州公司', phone: '13900000000' })).toEqual([]);
  });

  it('names every bad field at once, in Chinese', () => {
    const errors = validateForm('t1', schema, { phone: '12', kind: '丙', capital: -1, extra: 1 });
    const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    expect(Object.keys(byField).sort()).toEqual([
      'form.capital',
      'form.entName',
      'form.extra',
      'form.kind',
      'form.phone',
    ]);
    expect(byField['form.entName']).toBe('请填写企业名称');
    expect(byField['form.phone']).toBe('联系电话格式不正确');
    expect(byField['form.kind']).toContain('甲、乙');
    expect(byField['form.capital']).toMatch(/注册资本.*0/);
  });

  it('refuses a form that is not an object', () => {
    expect(validateForm('t1', schema, 'x')[0]!.field).toBe('form');
  });
});
