import { describe, expect, it } from 'vitest';
import { computeImplementations } from './implementations.js';

const regions = [
  { code: '411200', name: '市', level: 'city' as const, parent: '410000' },
  { code: '411221', name: '县', level: 'county' as const, parent: '411200' },
  { code: '411224', name: '县2', level: 'county' as const, parent: '411200' },
];
const departments = [
  { code: 'SCJG-411200', name: '市市场监管', regionCode: '411200', kind: '市场监管' },
  { code: 'SCJG-411221', name: '县市场监管', regionCode: '411221', kind: '市场监管' },
];

describe('computeImplementations', () => {
  it("assigns each level's region to its department of the item's kind", () => {
    const r = computeImplementations(
      [{ code: 'X', levels: ['city', 'county'], departmentKind: '市场监管' }],
      regions,
      departments,
    );
    expect(r).toEqual([
      { item_code: 'X', region_code: '411200', department_code: 'SCJG-411200' },
      { item_code: 'X', region_code: '411221', department_code: 'SCJG-411221' },
    ]);
  });

  it('leaves out a region with no department of that kind', () => {
    const r = computeImplementations(
      [{ code: 'X', levels: ['county'], departmentKind: '市场监管' }],
      regions,
      departments,
    );
    expect(r.map((x) => x.region_code)).toEqual(['411221']);
  });

  it("leaves out levels outside the item's levels", () => {
    const r = computeImplementations(
      [{ code: 'X', levels: ['city'], departmentKind: '市场监管' }],
      regions,
      departments,
    );
    expect(r.map((x) => x.region_code)).toEqual(['411200']);
  });
});
