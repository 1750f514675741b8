/**
 * Form fields that name the applicant are the real-name account's, not the client's (issue 9 §6).
 *
 * Catalog/v1 forms name them by convention, the same key in every item (seed/catalog.json):
 * a person's `applicantName` / `idNumber` (and, for a 个体工商户, `operatorName` / `operatorId`);
 * an enterprise's `entName` / `uscc` / `legalRep` / `legalRepId`. Whatever the client sent for those
 * keys is replaced by the account's (for a window intake: the applicant the clerk took in), so
 * an application cannot be filed in someone else's name or number.
 *
 * Not filled: a field whose title names another party (股权出质 names the company whose shares are
 * pledged: 「出质股权所在公司名称」; 「拟任法定代表人」 is a person still to be appointed), and an
 * enterprise's fields on a 设立/成立 registration, where the entity named is the one being created.
 */
import { maskIdNumber } from '../identity/id-number.js';

export interface ApplicantIdentity {
  kind: 'person' | 'enterprise';
  name: string;
  idNumber?: string | null;
  uscc?: string | null;
  legalRepName?: string | null;
  legalRepIdNumber?: string | null;
}

type Source = 'name' | 'idNumber' | 'uscc' | 'legalRepName' | 'legalRepIdNumber';

const FIELDS: Record<ApplicantIdentity['kind'], Record<string, Source>> = {
  person: { applicantName: 'name', idNumber: 'idNumber', operatorName: 'name', operatorId: 'idNumber' },
  enterprise: { entName: 'name', uscc: 'uscc', legalRep: 'legalRepName', legalRepId: 'legalRepIdNumber' },
};

const OTHER_PARTY_TITLE = /所在|拟任|出质/;
const CREATES_ENTITY = /(设立|成立)登记/;

interface FormSchema {
  properties?: Record<string, { title?: string; type?: string }>;
}

interface ItemLike {
  name: string;
  form: unknown;
}

/** The form keys of an item that name this kind of applicant, each with where its value comes from. */
export function applicantFieldsOf(item: ItemLike, kind: ApplicantIdentity['kind']): Map<string, Source> {
  const props = (item.form as FormSchema | undefined)?.properties ?? {};
  const out = new Map<string, Source>();
  if (kind === 'enterprise' && CREATES_ENTITY.test(item.name)) return out;
  for (const [key, source] of Object.entries(FIELDS[kind])) {
    const p = props[key];
    if (!p || (p.type && p.type !== 'string')) continue;
    if (OTHER_PARTY_TITLE.test(p.title ?? '')) continue;
    out.set(key, source);
  }
  return out;
}

const accountValue = (a: ApplicantIdentity, s: Source): string | null | undefined =>
  s === 'name' ? a.name : a[s];

/**
 * The form with the applicant's own fields set from the account. A field the account has no value
 * for is removed rather than left as the client sent it (the form check then names it if required).
 */
export function withApplicantFields(
  item: ItemLike,
  applicant: ApplicantIdentity,
  form: Record<string, unknown>,
): Record<string, unknown> {
  const fields = applicantFieldsOf(item, applicant.kind);
  if (!fields.size) return form;
  const out = { ...form };
  for (const [key, source] of fields) {
    const v = accountValue(applicant, source);
    if (v) out[key] = v;
    else delete out[key];
  }
  return out;
}

/**
 * A bundle's merged form: a merged key is the applicant's when every item field it feeds is one
 * (x-sources: merged key → [{ itemCode, key }]).
 */
export function withApplicantFieldsMerged(
  merged: { 'x-sources'?: Record<string, { itemCode: string; key: string }[]> },
  items: Map<string, ItemLike>,
  applicant: ApplicantIdentity,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...values };
  for (const [key, source] of mergedApplicantFields(merged, items, applicant.kind)) {
    const v = accountValue(applicant, source);
    if (v) out[key] = v;
    else delete out[key];
  }
  return out;
}

export function mergedApplicantFields(
  merged: { 'x-sources'?: Record<string, { itemCode: string; key: string }[]> },
  items: Map<string, ItemLike>,
  kind: ApplicantIdentity['kind'],
): Map<string, Source> {
  const out = new Map<string, Source>();
  const perItem = new Map<string, Map<string, Source>>();
  const fieldsOf = (code: string) => {
    let f = perItem.get(code);
    if (!f) {
      const item = items.get(code);
      f = item ? applicantFieldsOf(item, kind) : new Map();
      perItem.set(code, f);
    }
    return f;
  };
  for (const [key, targets] of Object.entries(merged['x-sources'] ?? {})) {
    const sources = targets.map((t) => fieldsOf(t.itemCode).get(t.key));
    const first = sources[0];
    if (first && sources.every((s) => s === first)) out.set(key, first);
  }
  return out;
}

/** What the web app shows read-only: the value as filled, ID numbers masked (GB/T 35273 display). */
export function applicantFieldView(
  fields: Map<string, Source>,
  applicant: ApplicantIdentity,
): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const [key, source] of fields) {
    const v = accountValue(applicant, source);
    if (!v) continue;
    const masked = source === 'idNumber' || source === 'legalRepIdNumber' ? maskIdNumber(v) : v;
    out.push({ key, value: masked });
  }
  return out;
}
