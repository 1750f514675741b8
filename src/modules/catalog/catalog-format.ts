/**
 * The provincial catalog exchange format `catalog/v1` (shared/docs/catalog-format.md): its shape as zod
 * schemas, and the importer's rules. A catalog is checked as a whole and every problem is reported at
 * once, each naming the element by its code, so the provincial issuer can fix a file in one round
 * (一次性告知 applies to the issuer as much as to applicants).
 */
import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';

// Objects are strict: `catalog/v1` is a versioned contract, so an unknown key is either a typo in the
// file (a misspelt `parallelGroup` would silently turn parallel steps into sequential ones) or a field
// this version does not understand — both must stop the import rather than vanish.
const obj = z.strictObject;
const required = z.string().min(1, '不能为空');
const workingDays = z.number().int().min(0);

export const LEVELS = ['province', 'city', 'county', 'township'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

const ServedObject = z.enum(['person', 'enterprise']);

export const CatalogRegion = obj({
  // GB/T 2260 codes have 6 digits down to county level; townships carry the 9-digit code of GB/T 10114
  // (county code + 3 digits), as the real catalog does.
  code: z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为6位（县级及以上）或9位（乡级）数字'),
  name: required,
  level: Level,
  parent: required.nullable(),
});
export type CatalogRegion = z.infer<typeof CatalogRegion>;

export const CatalogDepartment = obj({
  code: required,
  name: required,
  regionCode: required,
  kind: required,
});
export type CatalogDepartment = z.infer<typeof CatalogDepartment>;

export const CatalogMaterial = obj({
  id: required,
  name: required,
  required: z.boolean(),
  form: z.enum(['original', 'copy', 'electronic']),
  copies: z.number().int().min(1),
  source: z.enum(['applicant', 'government']),
  // 免提交: a licence type (LIC-…) or data resource (DR-…) that replaces the material.
  sharedFrom: required.nullable(),
  allowCommitment: z.boolean(), // 告知承诺
  allowDeferred: z.boolean(), // 容缺
  note: z.string(),
});
export type CatalogMaterial = z.infer<typeof CatalogMaterial>;

// The case-handling staff roles of platform/http/access.ts that a step can be assigned to.
export const STEP_ROLES = ['window', 'reviewer', 'approver', 'issuer'] as const;

export const FlowStep = obj({
  id: required,
  name: required,
  role: z.enum(STEP_ROLES),
  days: workingDays,
  // Steps sharing a group run at the same time (会签); the group counts once, for its longest step.
  parallelGroup: required.optional(),
});
export type FlowStep = z.infer<typeof FlowStep>;

export const ITEM_TYPES = [
  '行政许可',
  '行政给付',
  '行政确认',
  '行政裁决',
  '行政奖励',
  '行政备案',
  '其他行政权力',
  '公共服务',
] as const;

export const CatalogItem = obj({
  code: required,
  baseCode: required,
  name: required,
  subName: z.string(),
  type: z.enum(ITEM_TYPES),
  departmentKind: required,
  levels: z.array(Level).min(1, '至少应有一个实施层级'),
  servedObjects: z.array(ServedObject).min(1, '至少应有一类服务对象'),
  themes: z.array(required),
  basis: z.array(obj({ law: required, article: z.string() })),
  // 法定办结时限. 0 means 即办 per the format doc, and the real file also uses it for public services that
  // have no statutory limit (yet a promised one), so 0 is never compared against.
  legalDays: workingDays,
  promisedDays: workingDays, // 承诺办结时限
  fee: obj({
    charged: z.boolean(),
    items: z.array(obj({ name: required, amountYuan: z.number().min(0), basis: z.string() })),
  }),
  visitsRequired: z.literal([0, 1, 2]),
  onlineDepth: z.literal([1, 2, 3, 4]),
  handlingModes: z.array(z.enum(['online', 'window', 'express'])).min(1, '至少应有一种办理方式'),
  materials: z.array(CatalogMaterial),
  form: z.record(z.string(), z.unknown()),
  flow: obj({ steps: z.array(FlowStep).min(1, '办理流程至少需要一个环节') }),
  resultLicence: required.nullable(),
  faq: z.array(obj({ q: required, a: required })),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

const Field = obj({ key: required, label: required });

export const LicenceType = obj({
  code: required,
  name: required,
  departmentKind: required,
  holder: ServedObject,
  validityYears: z.number().int().min(1).nullable(), // null = valid without a fixed term
  fields: z.array(Field),
});
export type LicenceType = z.infer<typeof LicenceType>;

export const DataResource = obj({
  code: required,
  name: required,
  departmentKind: required,
  subject: ServedObject,
  fields: z.array(Field),
});
export type DataResource = z.infer<typeof DataResource>;

export const Proof = obj({
  code: required,
  name: required,
  issuer: required,
  basis: z.string(),
  replacement: z.enum(['commitment', 'data-sharing', 'none']),
});
export type Proof = z.infer<typeof Proof>;

export const CatalogBundle = obj({
  code: required,
  name: required,
  servedObjects: z.array(ServedObject).min(1, '至少应有一类服务对象'),
  items: z.array(required).min(1, '一件事至少包含一个事项'),
  promisedDays: workingDays,
});
export type CatalogBundle = z.infer<typeof CatalogBundle>;

export const CatalogDoc = obj({
  format: z.literal('catalog/v1'),
  publishedAt: z.iso.date(),
  issuer: obj({ regionCode: required, name: required }),
  regions: z.array(CatalogRegion),
  departments: z.array(CatalogDepartment),
  items: z.array(CatalogItem),
  licenceTypes: z.array(LicenceType),
  dataResources: z.array(DataResource),
  proofs: z.array(Proof),
  bundles: z.array(CatalogBundle),
});
export type CatalogDoc = z.infer<typeof CatalogDoc>;

export type CatalogValidation = { ok: true; doc: CatalogDoc } | { ok: false; errors: FieldError[] };

// ---------------------------------------------------------------- messages for shape errors

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '数组',
  object: '对象',
  record: '对象',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  if (typeof value === 'number') return `${Number.isInteger(value) ? '数字' : '小数'} ${value}`;
  if (typeof value === 'string') {
    return `文本 ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  }
  return TYPE_NAMES[typeof value] ?? typeof value;
}

const zhMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return '缺少此字段';
  }
  switch (issue.code) {
    case 'invalid_type':
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}，实际为${kindOf(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `应为 ${JSON.stringify(issue.values[0])}，实际为${kindOf(issue.input)}`
        : `应为以下之一：${issue.values.map((v) => String(v)).join('、')}，实际为${kindOf(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'number') return `不能小于${issue.minimum}`;
      return Number(issue.minimum) <= 1 ? '不能为空' : `至少应有${issue.minimum}项`;
    case 'too_big':
      return issue.origin === 'number' ? `不能大于${issue.maximum}` : `最多${issue.maximum}项`;
    case 'invalid_format':
      return issue.format === 'date' ? '应为 YYYY-MM-DD 格式的有效日期' : '格式不正确';
    default:
      return '格式不正确';
  }
};

// ---------------------------------------------------------------- field paths

type Path = readonly PropertyKey[];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isWorkingDays = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * `items[SCJG-XK-001-00].materials[2].sharedFrom`: an array element is named by its code where it has one,
 * since that is what the issuer searches the file for; other elements by their index.
 */
function fieldPath(root: unknown, path: Path): string {
  let out = '';
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const element = Array.isArray(node) ? node[segment] : undefined;
      const code = isRecord(element) ? asString(element.code) : undefined;
      out += `[${code ? code : segment}]`;
      node = element;
    } else {
      out += out === '' ? String(segment) : `.${String(segment)}`;
      node = isRecord(node) ? node[segment as string] : undefined;
    }
  }
  return out === '' ? '$' : out;
}

function shapeErrors(input: unknown, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldPath(input, [...issue.path, key]),
          message: 'catalog/v1 中没有此字段',
        }))
      : [{ field: fieldPath(input, issue.path), message: issue.message }],
  );
}

// ---------------------------------------------------------------- importer rules

const COLLECTIONS = [
  ['regions', '区划代码'],
  ['departments', '部门编码'],
  ['items', '事项编码'],
  ['licenceTypes', '证照类型编码'],
  ['dataResources', '数据资源编码'],
  ['proofs', '证明事项编码'],
  ['bundles', '一件事编码'],
] as const;

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default;

function newAjv(): Ajv2020 {
  // Not strict: the form only has to be a valid draft 2020-12 schema (it is checked against the meta-schema
  // on compile); annotations and formats unknown to Ajv are the issuer's business, not errors.
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  return ajv;
}

function formError(ajv: Ajv2020, form: Record<string, unknown>): string | undefined {
  try {
    ajv.compile(form);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    // Forms of different items may reuse an $id; each is compiled on its own.
    ajv.removeSchema(form);
  }
}

/**
 * Checks the references and rules on the raw input, tolerating whatever the shape check already
 * rejected, so that shape errors and rule errors come back together.
 */
function ruleErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(input)) return errors;
  const report = (path: Path, message: string) => errors.push({ field: fieldPath(input, path), message });
  // A code of the wrong type (411200 instead of "411200") is already a shape error; it still counts as
  // present here so that one bad code does not also fail everything that refers to it.
  const codesOf = (key: string) =>
    new Set(
      asArray(input[key]).flatMap((el) =>
        isRecord(el) && (typeof el.code === 'string' || typeof el.code === 'number') ? [String(el.code)] : [],
      ),
    );

  for (const [key, label] of COLLECTIONS) {
    const firstAt = new Map<string, number>();
    asArray(input[key]).forEach((el, i) => {
      const code = isRecord(el) ? asString(el.code) : undefined;
      if (code === undefined || code === '') return;
      const first = firstAt.get(code);
      if (first === undefined) firstAt.set(code, i);
      else report([key, i, 'code'], `${label}重复（第${first + 1}个与第${i + 1}个相同）`);
    });
  }

  const regionCodes = codesOf('regions');
  const licenceCodes = codesOf('licenceTypes');
  const dataResourceCodes = codesOf('dataResources');
  const itemCodes = codesOf('items');
  const departmentKinds = new Set(
    asArray(input.departments)
      .map((d) => (isRecord(d) ? asString(d.kind) : undefined))
      .filter((k) => k !== undefined),
  );
  const checkKind = (path: Path, kind: unknown) => {
    if (typeof kind === 'string' && kind !== '' && !departmentKinds.has(kind)) {
      report(path, `没有类型为「${kind}」的部门`);
    }
  };

  if (isRecord(input.issuer)) {
    const code = asString(input.issuer.regionCode);
    if (code && !regionCodes.has(code)) report(['issuer', 'regionCode'], `发布单位所在区划 ${code} 不存在`);
  }

  asArray(input.regions).forEach((r, i) => {
    const parent = isRecord(r) ? asString(r.parent) : undefined;
    if (parent && !regionCodes.has(parent)) report(['regions', i, 'parent'], `上级区划 ${parent} 不存在`);
  });

  asArray(input.departments).forEach((d, i) => {
    const code = isRecord(d) ? asString(d.regionCode) : undefined;
    if (code && !regionCodes.has(code))
      report(['departments', i, 'regionCode'], `部门所在区划 ${code} 不存在`);
  });

  asArray(input.licenceTypes).forEach((t, i) => {
    if (isRecord(t)) checkKind(['licenceTypes', i, 'departmentKind'], t.departmentKind);
  });
  asArray(input.dataResources).forEach((r, i) => {
    if (isRecord(r)) checkKind(['dataResources', i, 'departmentKind'], r.departmentKind);
  });

  const ajv = newAjv();
  asArray(input.items).forEach((item, i) => {
    if (!isRecord(item)) return;
    checkKind(['items', i, 'departmentKind'], item.departmentKind);

    const licence = asString(item.resultLicence);
    if (licence && !licenceCodes.has(licence))
      report(['items', i, 'resultLicence'], `引用的证照类型 ${licence} 不存在`);

    const { legalDays, promisedDays } = item;
    if (
      isWorkingDays(legalDays) &&
      isWorkingDays(promisedDays) &&
      legalDays !== 0 &&
      promisedDays > legalDays
    ) {
      report(
        ['items', i, 'promisedDays'],
        `承诺时限不能超过法定时限（承诺${promisedDays}个工作日，法定${legalDays}个工作日）`,
      );
    }

    const materialIds = new Set<string>();
    asArray(item.materials).forEach((m, j) => {
      if (!isRecord(m)) return;
      const id = asString(m.id);
      if (id) {
        if (materialIds.has(id)) report(['items', i, 'materials', j, 'id'], `材料编号 ${id} 重复`);
        materialIds.add(id);
      }
      const shared = asString(m.sharedFrom);
      if (!shared) return;
      const path = ['items', i, 'materials', j, 'sharedFrom'];
      if (shared.startsWith('LIC-')) {
        if (!licenceCodes.has(shared)) report(path, `引用的证照类型 ${shared} 不存在`);
      } else if (shared.startsWith('DR-')) {
        if (!dataResourceCodes.has(shared)) report(path, `引用的数据资源 ${shared} 不存在`);
      } else if (!licenceCodes.has(shared) && !dataResourceCodes.has(shared)) {
        report(path, `引用的证照类型或数据资源 ${shared} 不存在`);
      }
    });

    if (isRecord(item.form)) {
      const problem = formError(ajv, item.form);
      if (problem) report(['items', i, 'form'], `申请表不是有效的 JSON Schema（draft 2020-12）：${problem}`);
    }

    const steps = isRecord(item.flow) ? asArray(item.flow.steps) : [];
    const stepIds = new Set<string>();
    steps.forEach((s, j) => {
      const id = isRecord(s) ? asString(s.id) : undefined;
      if (!id) return;
      if (stepIds.has(id)) report(['items', i, 'flow', 'steps', j, 'id'], `环节编号 ${id} 重复`);
      stepIds.add(id);
    });
  });

  asArray(input.bundles).forEach((b, i) => {
    if (!isRecord(b)) return;
    asArray(b.items).forEach((code, j) => {
      if (typeof code === 'string' && code !== '' && !itemCodes.has(code)) {
        report(['bundles', i, 'items', j], `引用的事项 ${code} 不存在`);
      }
    });
  });

  return errors;
}

/** Checks a whole `catalog/v1` document: its shape and every rule of the importer, all errors at once. */
export function validateCatalog(input: unknown): CatalogValidation {
  const parsed = CatalogDoc.safeParse(input, { error: zhMessage });
  const errors = [...(parsed.success ? [] : shapeErrors(input, parsed.error.issues)), ...ruleErrors(input)];
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, doc: parsed.data };
}

// ---------------------------------------------------------------- content hash

/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as JSON.stringify writes them. Key order in the provincial file then
 * cannot make an unchanged item look changed.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (isRecord(value)) {
    const members = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the item's canonical JSON: equal for unchanged items across re-imports. */
export function itemContentHash(item: CatalogItem): string {
  return createHash('sha256').update(canonicalJson(item)).digest('hex');
}
