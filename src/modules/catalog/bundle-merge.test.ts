import { describe, expect, it } from 'vitest';
import {
  itemScopedKey,
  type MergeableItem,
  mergeForms,
  mergeMaterials,
  splitMergedForm,
} from './bundle-merge.js';

const item = (
  code: string,
  properties: Record<string, Record<string, unknown>>,
  required: string[] = [],
  materials: MergeableItem['materials'] = [],
): MergeableItem => ({
  code,
  form: { type: 'object', properties, required },
  materials,
});

const phone = { type: 'string', title: '联系电话', pattern: '^1[3-9]\\d{9}$' };

describe('mergeForms', () => {
  it('asks once for a field several items ask for with the same rules', () => {
    const f = mergeForms('x', [
      item('A', { phone }, ['phone']),
      item('B', { phone: { ...phone, title: '手机' } }),
    ]);
    expect(Object.keys(f.properties)).toEqual(['phone']);
    expect(f.required).toEqual(['phone']);
    expect(f['x-sources'].phone).toEqual([
      { itemCode: 'A', key: 'phone' },
      { itemCode: 'B', key: 'phone' },
    ]);
  });

  it('keeps fields with different rules apart, each under a key naming its item', () => {
    const f = mergeForms('x', [
      item('A', { kind: { type: 'string', enum: ['企业', '其他'] } }, ['kind']),
      item('B', { kind: { type: 'string', enum: ['公司', '其他'] } }),
    ]);
    expect(Object.keys(f.properties).sort()).toEqual(
      [itemScopedKey('kind', 'A'), itemScopedKey('kind', 'B')].sort(),
    );
    expect(f.required).toEqual([itemScopedKey('kind', 'A')]);
  });

  it('does not merge a looser and a stricter length rule', () => {
    const f = mergeForms('x', [
      item('A', { name: { type: 'string', maxLength: 50 } }),
      item('B', { name: { type: 'string', maxLength: 100 } }),
    ]);
    expect(f.properties.name).toBeUndefined();
  });

  it("splits a filled merged form back into each item's form", () => {
    const f = mergeForms('x', [
      item('A', { phone, kind: { type: 'string', enum: ['a'] } }),
      item('B', { phone, kind: { type: 'string', enum: ['b'] } }),
    ]);
    const parts = splitMergedForm(f, {
      phone: '13900000000',
      [itemScopedKey('kind', 'A')]: 'a',
      [itemScopedKey('kind', 'B')]: 'b',
    });
    expect(parts.get('A')).toEqual({ phone: '13900000000', kind: 'a' });
    expect(parts.get('B')).toEqual({ phone: '13900000000', kind: 'b' });
  });
});

describe('mergeMaterials', () => {
  it('lists a document several items need once, required if any item requires it', () => {
    const m = mergeMaterials([
      item('A', {}, [], [{ id: 'm1', name: '营业执照（副本）', required: false }]),
      item(
        'B',
        {},
        [],
        [
          { id: 'm3', name: '营业执照(副本)', required: true },
          { id: 'm4', name: '章程', required: true },
        ],
      ),
    ]);
    expect(m).toHaveLength(2);
    expect(m[0]).toMatchObject({ required: true, items: ['A', 'B'] });
    expect(m[0]!.sources).toEqual([
      { itemCode: 'A', materialId: 'm1' },
      { itemCode: 'B', materialId: 'm3' },
    ]);
  });

  it('treats two materials replaced by the same shared licence as one document', () => {
    const m = mergeMaterials([
      item('A', {}, [], [{ id: 'm1', name: '身份证', required: true, sharedFrom: 'LIC-SFZ' }]),
      item('B', {}, [], [{ id: 'm2', name: '申请人身份证明', required: true, sharedFrom: 'LIC-SFZ' }]),
    ]);
    expect(m).toHaveLength(1);
  });

  it('gives merged materials ids that do not change between calls', () => {
    const a = mergeMaterials([item('A', {}, [], [{ id: 'm1', name: '章程', required: true }])]);
    const b = mergeMaterials([item('A', {}, [], [{ id: 'm1', name: '章程', required: true }])]);
    expect(a[0]!.id).toBe(b[0]!.id);
  });
});
