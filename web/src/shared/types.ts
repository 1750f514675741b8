// Shapes of the Tongban HTTP API, from the generated OpenAPI types (web/src/api). Only what the API
// itself leaves open is written here: an item's application form is a JSON Schema document.
import type { ResponseOf } from '../api/types';

export type User = ResponseOf<'/api/me'>;
export type UserKind = User['kind'];
export type LoginResponse = ResponseOf<'/api/auth/login', 'post'>;

export type ItemList = ResponseOf<'/api/catalog/items'>;
export type ItemSummary = ItemList['items'][number];
export type ServedObject = ItemSummary['servedObjects'][number];

type ItemResponse = ResponseOf<'/api/catalog/items/{code}'>;
export type ItemDetail = Omit<ItemResponse, 'form'> & { form: JsonSchema };
export type HandlingMode = ItemDetail['handlingModes'][number];
export type Basis = ItemDetail['basis'][number];
export type FeeItem = ItemDetail['fee']['items'][number];
export type Material = ItemDetail['materials'][number];
export type FlowStep = ItemDetail['flow']['steps'][number];
export type Faq = ItemDetail['faq'][number];
export type Implementation = ItemDetail['implementations'][number];
export type BundleRef = ItemDetail['bundles'][number];

export type ItemVersion = ResponseOf<'/api/catalog/items/{code}/versions'>['items'][number];
export type ThemeCount = ResponseOf<'/api/catalog/themes'>['items'][number];
export type BundleSummary = ResponseOf<'/api/catalog/bundles'>['items'][number];

type BundleResponse = ResponseOf<'/api/catalog/bundles/{code}'>;
export type BundleDetail = Omit<BundleResponse, 'form'> & { form: JsonSchema };
export type BundleMaterial = BundleDetail['materials'][number];

export type SearchResult = ResponseOf<'/api/catalog/search'>['results'][number];
export type Region = ResponseOf<'/api/regions'>['items'][number];
export type Department = ResponseOf<'/api/departments'>['items'][number];
export type LicenceType = ResponseOf<'/api/catalog/licence-types'>['items'][number];
export type DataResource = ResponseOf<'/api/catalog/data-resources'>['items'][number];
export type Proof = ResponseOf<'/api/catalog/proofs'>['items'][number];

export type ImportResult = ResponseOf<'/api/admin/catalog/imports', 'post'>;
export type ImportRecord = ResponseOf<'/api/admin/catalog/imports'>['items'][number];
export type StaffAccount = ResponseOf<'/api/admin/staff'>['items'][number];
/** The one-time answer of staff creation and TOTP re-enrolment (RFC 6238, SHA-1, 30 s, 6 digits). */
export type OtpEnrolment = ResponseOf<'/api/admin/staff', 'post'>;

export interface Listing<T> {
  items: T[];
}

// An item's form (catalog/v1 `form`): a JSON Schema document, which the API passes through as is.
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
