import { checkIdNumber } from '../identity/id-number.js';

/** A licence type as the catalog describes it (catalog/v1 `licenceTypes`). */
export interface LicenceTypeDoc {
  code: string;
  name: string;
  departmentKind: string;
  holder: 'person' | 'enterprise';
  validityYears: number | null;
  fields: { key: string; label: string }[];
}

export interface FieldSources {
  form: Record<string, unknown>;
  holder: {
    kind: 'person' | 'enterprise';
    name: string;
    /** ID number of a person, USCC of an enterprise */
    number: string | null;
    legalRepName: string | null;
  };
  issuerName: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD, null = 长期 */
  validUntil: string | null;
  licenceNo: string;
}

/**
 * Where a licence field's value may come from in an application form, by the field's key. The form
 * is the applicant's own statement that the department has just approved, so what it says is what
 * the licence says. A field found nowhere stays empty: a licence never shows an invented fact.
 */
const FORM_SYNONYMS: Record<string, string[]> = {
  holderName: ['holderName', 'entName', 'name', 'applicantName', 'orgName', 'unitName'],
  name: ['name', 'applicantName', 'personName'],
  userName: ['userName', 'entName', 'unitName', 'orgName'],
  memberName: ['memberName', 'applicantName', 'name'],
  uscc: ['uscc', 'creditCode'],
  idNumber: ['idNumber', 'idNo', 'applicantIdNumber'],
  legalRepresentative: ['legalRepresentative', 'legalRep', 'legalRepName', 'principal'],
  operator: ['operator', 'operatorName', 'legalRep'],
  entityType: ['entityType', 'entType'],
  premises: ['premises', 'businessAddress', 'address'],
  domicile: ['domicile', 'address', 'premises'],
  address: ['address', 'householdAddress', 'residenceAddress', 'domicile'],
  residenceAddress: ['residenceAddress', 'address'],
  productionAddress: ['productionAddress', 'address'],
  location: ['location', 'address'],
};

/** Fields that state the issuance (who, when, until when): recomputed when a licence is re-issued. */
export const ISSUANCE_KEYS: ReadonlySet<string> = new Set([
  'issuingAuthority',
  'registrationAuthority',
  'issuer',
  'filingAuthority',
  'issueDate',
  'filingDate',
  'registrationDate',
  'validUntil',
  'validPeriod',
]);

const ISSUER_KEYS = new Set(['issuingAuthority', 'registrationAuthority', 'issuer', 'filingAuthority']);
const ISSUE_DATE_KEYS = new Set(['issueDate', 'filingDate', 'registrationDate']);
const NUMBER_KEYS = new Set(['licenceNo', 'registrationNo', 'filingNo', 'cardNo', 'certificateNo']);

/** 2026-03-15 → 2026年3月15日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function text(v: unknown, key: string): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v))
    return v
      .map((x) => text(x, key))
      .filter(Boolean)
      .join('；');
  if (typeof v === 'boolean') return v ? '是' : '否';
  // The registration forms ask for capital in 万元 (ten thousand yuan), as the licence prints it.
  if (typeof v === 'number') return key === 'registeredCapital' ? `${v}万元` : String(v);
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? chineseDate(v) : v.trim();
  return '';
}

/** The licence's fields, in the type's order, filled from the form, the holder and the issuance. */
export function fillFields(type: LicenceTypeDoc, src: FieldSources): Record<string, string> {
  const out: Record<string, string> = {};
  const personId =
    src.holder.kind === 'person' && src.holder.number ? checkIdNumber(src.holder.number) : undefined;
  for (const { key } of type.fields) {
    let value = '';
    for (const k of FORM_SYNONYMS[key] ?? [key]) {
      value = text(src.form[k], key);
      if (value) break;
    }
    if (!value) value = fromIssuance(key, src, personId);
    out[key] = value;
  }
  return out;
}

function fromIssuance(
  key: string,
  src: FieldSources,
  personId: ReturnType<typeof checkIdNumber> | undefined,
): string {
  const h = src.holder;
  if (ISSUER_KEYS.has(key)) return src.issuerName;
  if (ISSUE_DATE_KEYS.has(key)) return chineseDate(src.issueDate);
  if (NUMBER_KEYS.has(key)) return src.licenceNo;
  if (key === 'validUntil') return src.validUntil ? chineseDate(src.validUntil) : '长期';
  if (key === 'validPeriod')
    return `${src.issueDate.replaceAll('-', '.')}-${src.validUntil ? src.validUntil.replaceAll('-', '.') : '长期'}`;
  switch (key) {
    case 'holderName':
    case 'userName':
      return h.name;
    case 'name':
    case 'memberName':
      return h.kind === 'person' ? h.name : '';
    case 'uscc':
      return h.kind === 'enterprise' ? (h.number ?? '') : '';
    case 'idNumber':
      return h.kind === 'person' ? (h.number ?? '') : '';
    case 'legalRepresentative':
      return h.kind === 'enterprise' ? (h.legalRepName ?? '') : '';
    // GB 11643 writes the birth date and the sex into the number itself.
    case 'birthDate':
      return personId?.ok ? chineseDate(personId.birthDate) : '';
    case 'gender':
      return personId?.ok ? (personId.gender === 'male' ? '男' : '女') : '';
    default:
      return '';
  }
}
