import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CatalogDoc, type CatalogItem, itemContentHash, validateCatalog } from './catalog-format.js';

const seed = JSON.parse(
  readFileSync(new URL('../../../seed/catalog.json', import.meta.url), 'utf8'),
) as CatalogDoc;

/** A deep copy of the real catalog with one change applied. */
function mutated(change: (doc: CatalogDoc) => void): CatalogDoc {
  const doc = structuredClone(seed);
  change(doc);
  return doc;
}

function itemOf(doc: CatalogDoc, code: string): CatalogItem {
  const item = doc.items.find((i) => i.code === code);
  if (!item) throw new Error(`no item ${code} in seed/catalog.json`);
  return item;
}

/** Writes a value the types forbid, as a broken file would contain. */
function set(target: object, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}

function errorsOf(doc: unknown) {
  const result = validateCatalog(doc);
  if (result.ok) throw new Error('expected the catalog to be rejected');
  return result.errors;
}

describe('validateCatalog on the real catalog', () => {
  it('accepts seed/catalog.json unchanged', () => {
    const result = validateCatalog(seed);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.doc).toEqual(seed);
  });

  it('accepts flow steps that run in parallel (parallelGroup)', () => {
    const steps = itemOf(seed, 'CG-XK-001-00').flow.steps;
    expect(steps.filter((s) => s.parallelGroup === 'cosign')).toHaveLength(2);
    expect(validateCatalog(seed).ok).toBe(true);
  });

  it('rejects what is not an object', () => {
    expect(errorsOf(null)).toEqual([{ field: '$', message: '应为对象，实际为null' }]);
    expect(errorsOf([])).toEqual([{ field: '$', message: '应为对象，实际为数组' }]);
  });
});

describe('shape errors', () => {
  it('names the element by its code and the field by its path', () => {
    const doc = mutated((d) => {
      set(itemOf(d, 'SCJG-XK-001-00'), 'promisedDays', '5');
      set(itemOf(d, 'SCJG-XK-002-00').materials[1]!, 'copies', 1.5);
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].promisedDays', message: '应为数字，实际为文本 "5"' },
      { field: 'items[SCJG-XK-002-00].materials[1].copies', message: '应为整数，实际为小数 1.5' },
    ]);
  });

  it('names an element without a code by its index', () => {
    const doc = mutated((d) => {
      set(d.items[2]!, 'code', undefined);
      set(d.regions[1]!, 'code', 411200);
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'regions[1].code', message: '应为文本，实际为数字 411200' },
      { field: 'items[2].code', message: '缺少此字段' },
      // Without its code the item can no longer be found by the bundle that lists it.
      { field: 'bundles[BD-QYZX].items[0]', message: '引用的事项 SCJG-XK-003-01 不存在' },
    ]);
  });

  it('reports missing fields and fields that catalog/v1 does not define', () => {
    const doc = mutated((d) => {
      set(itemOf(d, 'SCJG-XK-001-00'), 'name', undefined);
      set(itemOf(d, 'CG-XK-001-00').flow.steps[1]!, 'paralelGroup', 'cosign');
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].name', message: '缺少此字段' },
      { field: 'items[CG-XK-001-00].flow.steps[1].paralelGroup', message: 'catalog/v1 中没有此字段' },
    ]);
  });

  it('checks the format marker and the publication date', () => {
    const doc = mutated((d) => {
      set(d, 'format', 'catalog/v2');
      d.publishedAt = '2026-02-30';
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'format', message: '应为 "catalog/v1"，实际为文本 "catalog/v2"' },
      { field: 'publishedAt', message: '应为 YYYY-MM-DD 格式的有效日期' },
    ]);
  });

  it('accepts only the four levels for items and regions', () => {
    const doc = mutated((d) => {
      set(itemOf(d, 'SCJG-XK-001-00'), 'levels', ['city', 'town']);
      set(d.regions[0]!, 'level', 'state');
    });
    expect(errorsOf(doc)).toEqual([
      {
        field: 'regions[410000].level',
        message: '应为以下之一：province、city、county、township，实际为文本 "state"',
      },
      {
        field: 'items[SCJG-XK-001-00].levels[1]',
        message: '应为以下之一：province、city、county、township，实际为文本 "town"',
      },
    ]);
  });

  it('checks enumerated values of items', () => {
    const doc = mutated((d) => {
      set(itemOf(d, 'SCJG-XK-001-00'), 'type', '行政处罚');
      set(itemOf(d, 'SCJG-XK-002-00'), 'visitsRequired', 3);
    });
    expect(errorsOf(doc)).toEqual([
      {
        field: 'items[SCJG-XK-001-00].type',
        message:
          '应为以下之一：行政许可、行政给付、行政确认、行政裁决、行政奖励、行政备案、其他行政权力、公共服务，实际为文本 "行政处罚"',
      },
      { field: 'items[SCJG-XK-002-00].visitsRequired', message: '应为以下之一：0、1、2，实际为数字 3' },
    ]);
  });
});

describe('unique codes', () => {
  it.each([
    ['items', '事项编码'],
    ['bundles', '一件事编码'],
    ['regions', '区划代码'],
    ['departments', '部门编码'],
    ['licenceTypes', '证照类型编码'],
    ['dataResources', '数据资源编码'],
    ['proofs', '证明事项编码'],
  ] as const)('rejects a repeated code in %s', (key, label) => {
    const doc = mutated((d) => {
      const list = d[key] as { code: string }[];
      list[3]!.code = list[0]!.code;
      list[5]!.code = list[1]!.code;
    });
    const first = (doc[key] as { code: string }[])[0]!.code;
    const second = (doc[key] as { code: string }[])[1]!.code;
    // Renaming a region or an item also breaks what referred to it; only the duplicates matter here.
    expect(errorsOf(doc).filter((e) => e.field.endsWith('.code'))).toEqual([
      { field: `${key}[${first}].code`, message: `${label}重复（第1个与第4个相同）` },
      { field: `${key}[${second}].code`, message: `${label}重复（第2个与第6个相同）` },
    ]);
  });
});

describe('references', () => {
  it('requires the parent region and the region of each department to exist', () => {
    const doc = mutated((d) => {
      d.regions[1]!.parent = '419900';
      d.departments[0]!.regionCode = '411299';
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'regions[411200].parent', message: '上级区划 419900 不存在' },
      { field: 'departments[SCJG-411200].regionCode', message: '部门所在区划 411299 不存在' },
    ]);
  });

  it('requires the issuer region to exist', () => {
    const doc = mutated((d) => {
      d.issuer.regionCode = '420000';
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'issuer.regionCode', message: '发布单位所在区划 420000 不存在' },
    ]);
  });

  it('requires a department of the kind named by items, licence types and data resources', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').departmentKind = '市场监督';
      d.licenceTypes[0]!.departmentKind = '工商';
      d.dataResources[0]!.departmentKind = '公安局';
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'licenceTypes[LIC-YYZZ].departmentKind', message: '没有类型为「工商」的部门' },
      { field: 'dataResources[DR-HJXX].departmentKind', message: '没有类型为「公安局」的部门' },
      { field: 'items[SCJG-XK-001-00].departmentKind', message: '没有类型为「市场监督」的部门' },
    ]);
  });

  it('requires the licence type issued as result to exist', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').resultLicence = 'LIC-XXX';
      itemOf(d, 'SCJG-XK-002-00').resultLicence = 'LIC-YYZZ2';
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].resultLicence', message: '引用的证照类型 LIC-XXX 不存在' },
      { field: 'items[SCJG-XK-002-00].resultLicence', message: '引用的证照类型 LIC-YYZZ2 不存在' },
    ]);
  });

  it('resolves sharedFrom as licence type (LIC-), data resource (DR-) or either', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').materials[2]!.sharedFrom = 'LIC-SFZ2';
      itemOf(d, 'SCJG-XK-004-00').materials[3]!.sharedFrom = 'DR-LIC-SFZ';
      itemOf(d, 'SCJG-XK-006-00').materials[2]!.sharedFrom = 'HJXX';
      // A code without either prefix is fine when one of the two lists has it.
      d.dataResources[0]!.code = 'HJ-XX';
      itemOf(d, 'SCJG-XK-004-00').materials[0]!.sharedFrom = 'HJ-XX';
    });
    expect(errorsOf(doc).filter((e) => e.field.includes('sharedFrom'))).toEqual([
      { field: 'items[SCJG-XK-001-00].materials[2].sharedFrom', message: '引用的证照类型 LIC-SFZ2 不存在' },
      { field: 'items[SCJG-XK-004-00].materials[3].sharedFrom', message: '引用的数据资源 DR-LIC-SFZ 不存在' },
      {
        field: 'items[SCJG-XK-006-00].materials[2].sharedFrom',
        message: '引用的证照类型或数据资源 HJXX 不存在',
      },
      // Renaming DR-HJXX breaks the materials that used it; each is reported on its own.
      ...seed.items.flatMap((item) =>
        item.materials.flatMap((m, j) =>
          m.sharedFrom === 'DR-HJXX' && !(item.code === 'SCJG-XK-004-00' && j === 3)
            ? [
                {
                  field: `items[${item.code}].materials[${j}].sharedFrom`,
                  message: '引用的数据资源 DR-HJXX 不存在',
                },
              ]
            : [],
        ),
      ),
    ]);
  });

  it('requires every item of a bundle to exist', () => {
    const doc = mutated((d) => {
      d.bundles[0]!.items[1] = 'GA-BA-999-00';
      d.bundles[1]!.items.push('SCJG-XK-001');
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'bundles[BD-QYKB].items[1]', message: '引用的事项 GA-BA-999-00 不存在' },
      { field: 'bundles[BD-KBCYD].items[5]', message: '引用的事项 SCJG-XK-001 不存在' },
    ]);
  });
});

describe('time limits', () => {
  it('rejects a promised limit longer than the legal one', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').promisedDays = 4;
      itemOf(d, 'SCJG-XK-002-00').legalDays = 0.5;
      itemOf(d, 'SCJG-XK-003-01').legalDays = 2;
      itemOf(d, 'SCJG-XK-003-01').promisedDays = 3;
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-002-00].legalDays', message: '应为整数，实际为小数 0.5' },
      {
        field: 'items[SCJG-XK-001-00].promisedDays',
        message: '承诺时限不能超过法定时限（承诺4个工作日，法定3个工作日）',
      },
      {
        field: 'items[SCJG-XK-003-01].promisedDays',
        message: '承诺时限不能超过法定时限（承诺3个工作日，法定2个工作日）',
      },
    ]);
  });

  it('allows any promised limit when the legal limit is 0', () => {
    expect(itemOf(seed, 'RS-GG-007-00')).toMatchObject({ legalDays: 0, promisedDays: 15 });
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').legalDays = 0;
      itemOf(d, 'SCJG-XK-001-00').promisedDays = 30;
    });
    expect(validateCatalog(doc).ok).toBe(true);
  });

  it('accepts promised equal to legal', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').promisedDays = 3;
    });
    expect(validateCatalog(doc).ok).toBe(true);
  });
});

describe('application form', () => {
  it('requires a valid JSON Schema draft 2020-12 and reports the compiler message', () => {
    const doc = mutated((d) => {
      const props = itemOf(d, 'SCJG-XK-001-00').form.properties as Record<string, Record<string, unknown>>;
      props.entName!.type = 'strnig';
      itemOf(d, 'SCJG-XK-002-00').form.required = 'entName';
    });
    expect(errorsOf(doc)).toEqual([
      {
        field: 'items[SCJG-XK-001-00].form',
        message:
          '申请表不是有效的 JSON Schema（draft 2020-12）：schema is invalid: data/properties/entName/type must be equal to one of the allowed values, data/properties/entName/type must be array, data/properties/entName/type must match a schema in anyOf',
      },
      {
        field: 'items[SCJG-XK-002-00].form',
        message:
          '申请表不是有效的 JSON Schema（draft 2020-12）：schema is invalid: data/required must be array',
      },
    ]);
  });

  it('rejects a form written for another draft and a reference that does not resolve', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').form.$schema = 'http://json-schema.org/draft-07/schema#';
      itemOf(d, 'SCJG-XK-002-00').form.properties = { a: { $ref: '#/$defs/missing' } };
    });
    expect(errorsOf(doc)).toEqual([
      {
        field: 'items[SCJG-XK-001-00].form',
        message:
          '申请表不是有效的 JSON Schema（draft 2020-12）：no schema with key or ref "http://json-schema.org/draft-07/schema#"',
      },
      {
        field: 'items[SCJG-XK-002-00].form',
        message: `申请表不是有效的 JSON Schema（draft 2020-12）：can't resolve reference #/$defs/missing from id #`,
      },
    ]);
  });

  it('requires the form to be an object', () => {
    const doc = mutated((d) => {
      set(itemOf(d, 'SCJG-XK-001-00'), 'form', '{"type":"object"}');
      set(itemOf(d, 'SCJG-XK-002-00'), 'form', null);
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].form', message: '应为对象，实际为文本 "{\\"type\\":\\"object\\"}"' },
      { field: 'items[SCJG-XK-002-00].form', message: '应为对象，实际为null' },
    ]);
  });

  it('compiles forms of different items that share an $id', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').form.$id = 'https://forms.example/apply';
      itemOf(d, 'SCJG-XK-002-00').form.$id = 'https://forms.example/apply';
    });
    expect(validateCatalog(doc).ok).toBe(true);
  });
});

describe('flow and materials', () => {
  it('requires at least one flow step', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').flow.steps = [];
      itemOf(d, 'SCJG-XK-002-00').flow.steps = [];
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].flow.steps', message: '办理流程至少需要一个环节' },
      { field: 'items[SCJG-XK-002-00].flow.steps', message: '办理流程至少需要一个环节' },
    ]);
  });

  it('requires flow step ids to be unique within an item', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').flow.steps[2]!.id = 'review';
      itemOf(d, 'SCJG-XK-002-00').flow.steps[4]!.id = 'accept';
      // The same id in another item is fine.
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].flow.steps[2].id', message: '环节编号 review 重复' },
      { field: 'items[SCJG-XK-002-00].flow.steps[4].id', message: '环节编号 accept 重复' },
    ]);
  });

  it('requires material ids to be unique within an item', () => {
    const doc = mutated((d) => {
      itemOf(d, 'SCJG-XK-001-00').materials[3]!.id = 'm1';
      itemOf(d, 'SCJG-XK-001-00').materials[5]!.id = 'm2';
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].materials[3].id', message: '材料编号 m1 重复' },
      { field: 'items[SCJG-XK-001-00].materials[5].id', message: '材料编号 m2 重复' },
    ]);
  });
});

describe('all problems at once', () => {
  it('reports shape errors and rule errors of different elements together', () => {
    const doc = mutated((d) => {
      set(itemOf(d, 'SCJG-XK-001-00'), 'onlineDepth', 5);
      itemOf(d, 'SCJG-XK-002-00').promisedDays = 9;
      d.bundles[2]!.items[0] = 'NOPE';
      d.proofs[1]!.code = d.proofs[0]!.code;
    });
    expect(errorsOf(doc)).toEqual([
      { field: 'items[SCJG-XK-001-00].onlineDepth', message: '应为以下之一：1、2、3、4，实际为数字 5' },
      { field: 'proofs[PF-WFZJL].code', message: '证明事项编码重复（第1个与第2个相同）' },
      {
        field: 'items[SCJG-XK-002-00].promisedDays',
        message: '承诺时限不能超过法定时限（承诺9个工作日，法定3个工作日）',
      },
      { field: 'bundles[BD-KBBLD].items[0]', message: '引用的事项 NOPE 不存在' },
    ]);
  });
});

describe('itemContentHash', () => {
  const item = itemOf(seed, 'SCJG-XK-001-00');

  it('is a sha256 in hex', () => {
    expect(itemContentHash(item)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(item)).reverse()) as CatalogItem;
    reordered.fee = { items: [], charged: false };
    expect(itemContentHash(reordered)).toBe(itemContentHash(item));
  });

  it('changes when any content changes, including deep inside the form', () => {
    const hashes = new Set([
      itemContentHash(item),
      itemContentHash({ ...item, promisedDays: 2 }),
      itemContentHash({ ...item, materials: item.materials.slice().reverse() }),
      itemContentHash({ ...item, form: { ...item.form, title: '企业设立登记申请表（2026版）' } }),
      itemContentHash({ ...item, subName: ' ' }),
    ]);
    expect(hashes.size).toBe(5);
  });

  it('is equal for every item of an identical catalog and differs between items', () => {
    const again = structuredClone(seed);
    expect(again.items.map(itemContentHash)).toEqual(seed.items.map(itemContentHash));
    expect(new Set(seed.items.map(itemContentHash)).size).toBe(seed.items.length);
  });
});
