// Shapes of the Tongban HTTP API (see shared/docs/api-contract.md and catalog-format.md).

export type ServedObject = 'person' | 'enterprise';
export type HandlingMode = 'online' | 'window' | 'express';
export type UserKind = 'person' | 'enterprise' | 'staff';

export interface User {
  id: string;
  name: string;
  username: string;
  roles: string[];
  regionCode: string | null;
  departmentCode: string | null;
  kind: UserKind;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export interface ItemSummary {
  code: string;
  name: string;
  subName: string;
  type: string;
  departmentKind: string;
  promisedDays: number;
  onlineDepth: number;
  themes?: string[];
  servedObjects?: ServedObject[];
}

export interface ItemList {
  total: number;
  items: ItemSummary[];
}

export interface Basis {
  law: string;
  article?: string;
}

export interface FeeItem {
  name: string;
  amountYuan: number;
  basis?: string;
}

export interface Material {
  id: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy' | 'electronic';
  copies: number;
  source: 'applicant' | 'government';
  sharedFrom: string | null;
  allowCommitment: boolean;
  allowDeferred: boolean;
  note: string;
}

export interface FlowStep {
  id: string;
  name: string;
  role: string;
  days: number;
  parallelGroup?: string;
}

export interface Faq {
  q: string;
  a: string;
}

export interface JsonSchemaProperty {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  items?: JsonSchemaProperty;
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
}

export interface JsonSchema extends JsonSchemaProperty {
  $schema?: string;
}

export interface Implementation {
  regionCode: string;
  regionName: string;
  departmentCode: string;
  departmentName: string;
}

export interface BundleRef {
  code: string;
  name: string;
}

export interface ItemDetail {
  code: string;
  baseCode: string;
  name: string;
  subName: string;
  type: string;
  departmentKind: string;
  levels: string[];
  servedObjects: ServedObject[];
  themes: string[];
  basis: Basis[];
  legalDays: number;
  promisedDays: number;
  fee: { charged: boolean; items: FeeItem[] };
  visitsRequired: number;
  onlineDepth: number;
  handlingModes: HandlingMode[];
  materials: Material[];
  form: JsonSchema;
  flow: { steps: FlowStep[] };
  resultLicence: string | null;
  resultLicenceName?: string | null;
  faq: Faq[];
  version: number;
  publishedAt?: string;
  implementations?: Implementation[];
  bundles?: BundleRef[];
}

export interface ItemVersion {
  version: number;
  publishedAt: string;
  importedAt: string;
}

export interface ThemeCount {
  theme: string;
  count: number;
}

export interface BundleSummary {
  code: string;
  name: string;
  servedObjects: ServedObject[];
  promisedDays: number;
  itemCount: number;
}

export interface BundleMaterial {
  id: string;
  name: string;
  required: boolean;
  items: string[];
}

export interface BundleDetail {
  code: string;
  name: string;
  servedObjects: ServedObject[];
  promisedDays: number;
  items: Array<Pick<ItemSummary, 'code' | 'name' | 'subName' | 'departmentKind' | 'promisedDays'>>;
  form: JsonSchema;
  materials: BundleMaterial[];
}

export interface SearchResult {
  kind: 'item' | 'bundle';
  code: string;
  name: string;
  subName: string;
  // Not in the contract yet; used when the server sends them, fetched otherwise.
  type?: string;
  departmentKind?: string;
  promisedDays?: number;
  onlineDepth?: number;
}

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township';
  parent: string | null;
}

export interface Department {
  code: string;
  name: string;
  regionCode: string;
  kind: string;
}

export interface LicenceType {
  code: string;
  name: string;
}

export interface DataResource {
  code: string;
  name: string;
  departmentKind?: string;
}

export interface ImportResult {
  id: string;
  publishedAt: string;
  status: 'applied' | 'noop';
  itemsCreated: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  /** Items absent from the new catalog (the server reports them; not in the written contract). */
  itemsWithdrawn?: number;
}

export interface ImportRecord extends ImportResult {
  importedAt: string;
  importedBy: string | null;
}

export interface StaffAccount {
  id: string;
  username: string;
  name: string;
  roles: string[];
  regionCode: string;
  departmentCode: string | null;
  active: boolean;
  /** A TOTP secret is on file (every staff account except the demo ones needs one to log in). */
  otpEnrolled?: boolean;
  /** A login lock is running (too many failed attempts). */
  locked?: boolean;
}

/** The one-time answer of staff creation and TOTP re-enrolment (RFC 6238, SHA-1, 30 s, 6 digits). */
export interface OtpEnrolment {
  id: string;
  username: string;
  otpSecret: string;
  otpauthUrl: string;
}

export interface Listing<T> {
  items: T[];
}
