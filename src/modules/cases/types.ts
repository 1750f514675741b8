import type { ObjectFacts } from '../../platform/authz/index.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { FieldError } from '../../platform/errors.js';
import type { CatalogItem, CatalogMaterial } from '../catalog/catalog-format.js';
import type { WorkingDays } from './deadline.js';
import type * as repo from './repo.js';
import type { CaseAction } from './state.js';

export interface CaseReference {
  facts: ObjectFacts;
  caseNo: string;
  applicantId: string;
  departmentCode: string | null;
  form: Record<string, unknown>;
  /** The `sharedFrom` sources of the item's materials (licence types and data resources). */
  drawsOn: string[];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApplicantInfo {
  id: string;
  kind: 'person' | 'enterprise';
  name: string;
  phone: string | null;
  /** Real-name numbers the form's applicant fields are filled from (applicant-fields.ts). */
  idNumber?: string | null;
  uscc?: string | null;
  legalRepName?: string | null;
  legalRepIdNumber?: string | null;
}

export interface CaseDeps {
  db: Db;
  catalog: {
    implementation(
      itemCode: string,
      regionCode: string,
    ): Promise<
      | { doc: CatalogItem; version: number; departmentCode: string; departmentName: string }
      | 'no-item'
      | 'not-here'
    >;
    itemVersion(code: string, version: number): Promise<CatalogItem | undefined>;
    directory: { department(code: string): Promise<{ name: string } | undefined> };
  };
  identity: {
    applicant(id: string): Promise<ApplicantInfo | undefined>;
    names(ids: string[]): Promise<Map<string, string>>;
  };
  files: { getFile(id: string): Promise<{ owner_id: string } | undefined> };
  calendar: { today(): string; workingDays(): Promise<WorkingDays> };
  regions: { subtree(code: string): Promise<string[]> };
  /** 一件事: the bundle with its merged form (x-sources) and merged materials (sources). */
  bundles: {
    bundle(code: string): Promise<{
      code: string;
      name: string;
      servedObjects: string[];
      promisedDays: number;
      items: { code: string; name: string; version: number }[];
      form: Record<string, unknown>;
      materials: {
        id: string;
        name: string;
        required: boolean;
        sources: { itemCode: string; materialId: string }[];
      }[];
    }>;
  };
  /**
   * 减证便民: a material another department already holds for this applicant (a licence they hold or
   * a data resource that answers for them). `resolve` runs before the case exists; `recordUse` writes
   * the access records inside the case's creation transaction.
   */
  shared?: {
    resolve(applicant: ApplicantInfo, material: CatalogMaterial): Promise<{ source: string } | null>;
    recordUse(
      tx: Tx,
      use: {
        applicantId: string;
        caseId: string;
        caseNo: string;
        departmentCode: string;
        actorId: string;
        itemName: string;
        materials: { materialId: string; source: string }[];
      },
    ): Promise<void>;
  };
  /** 电子证照: issues the item's result licence inside the approval transaction. */
  licences?: {
    issueForCase(tx: Tx, c: LicenceRequest): Promise<{ licenceId: string; identifier: string }>;
  };
  /** 容缺: working days the applicant has to supply a deferred material (commonly 5). */
  deferredDays?: number;
}

export interface LicenceRequest {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  typeCode: string;
  departmentCode: string;
  regionCode: string;
  applicantId: string;
  applicantName: string;
  applicantKind: 'person' | 'enterprise';
  form: Record<string, unknown>;
  decidedAt: Date;
}

export type MaterialInput =
  | { materialId: string; fileId: string }
  | { materialId: string; commitment: true; commitmentText?: string }
  | { materialId: string; deferred: true };

export interface ApplyInput {
  itemCode: string;
  regionCode: string;
  form: Record<string, unknown>;
  materials: MaterialInput[];
  delivery: repo.Delivery;
  /** Window intake: the applicant the clerk applies for. */
  applicantId?: string;
}

export interface BundleApplyInput {
  bundleCode: string;
  regionCode: string;
  form: Record<string, unknown>;
  materials: MaterialInput[];
  delivery: repo.Delivery;
  applicantId?: string;
}

export interface ItemPlan {
  errors: FieldError[];
  item: CatalogItem;
  version: number;
  departmentCode: string;
  applicant: ApplicantInfo;
  atWindow: boolean;
  regionCode: string;
  form: Record<string, unknown>;
  delivery: repo.Delivery;
  materials: Omit<repo.MaterialRow, 'updated_at' | 'case_id'>[];
  visits: number;
}

/** The columns every new case starts with; callers fill in who, what and where. */
export function blankCase(): Omit<
  repo.NewCase,
  | 'id'
  | 'case_no'
  | 'region_code'
  | 'applicant_id'
  | 'applicant_kind'
  | 'applicant_name'
  | 'channel'
  | 'submitted_by'
  | 'form'
  | 'delivery'
> {
  return {
    parent_id: null,
    bundle_code: null,
    item_code: null,
    item_version: null,
    department_code: null,
    status: 'submitted',
    correction_from: null,
    correction_materials: [],
    promised_days: 0,
    accepted_at: null,
    due_date: null,
    paused_working_days: 0,
    paused_since: null,
    warning: 'none',
    visits: 0,
    decided_at: null,
    delivered_at: null,
    tracking_no: null,
    seq: 1,
  };
}

export interface ActionInput {
  action: CaseAction;
  comment?: string;
  stepId?: string;
  materials?: string[];
  trackingNo?: string;
}

export const DELIVERY_NEEDS: Record<repo.Delivery['mode'], string> = {
  electronic: 'online',
  window: 'window',
  express: 'express',
};
export const DELIVERY_LABEL: Record<repo.Delivery['mode'], string> = {
  electronic: '电子送达',
  window: '窗口领取',
  express: '快递送达',
};

export const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Item documents of a bundle's implementations, for its applicant fields. */
export function itemDocs(impls: Map<string, unknown>): Map<string, CatalogItem> {
  const out = new Map<string, CatalogItem>();
  for (const [code, impl] of impls)
    if (impl && typeof impl === 'object' && 'doc' in impl) out.set(code, (impl as { doc: CatalogItem }).doc);
  return out;
}
