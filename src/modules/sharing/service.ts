import { record as audit } from '../../platform/audit/index.js';
import { type Authz, CASE, type ObjectFacts } from '../../platform/authz/index.js';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { forbidden, notFound, validationFailed } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/access.js';
import type { CatalogItem, CatalogMaterial } from '../catalog/catalog-format.js';
import { reductionReport } from '../catalog/reduction.js';
import { checkIdNumber, maskIdNumber } from '../identity/id-number.js';
import { checkUscc } from '../identity/uscc.js';
import { demoRecord } from './demo-records.js';
import * as repo from './repo.js';
import {
  resolveShared,
  type SharingApplicant,
  sourceKind,
  subjectKey,
  verificationPurpose,
} from './resolver.js';

interface DataResourceDoc {
  code: string;
  name: string;
  departmentKind: string;
  subject: 'person' | 'enterprise';
  fields: { key: string; label: string }[];
}

export interface SharingDeps {
  db: Db;
  catalog: {
    dataResources(): Promise<Record<string, unknown>[]>;
    licenceTypes(): Promise<Record<string, unknown>[]>;
    currentItems(): Promise<CatalogItem[]>;
    directory: { department(code: string): Promise<{ name: string } | undefined> };
  };
  identity: {
    applicant(id: string): Promise<
      | {
          id: string;
          kind: 'person' | 'enterprise';
          idNumber?: string | null;
          uscc?: string | null;
          legalRepIdNumber?: string | null;
        }
      | undefined
    >;
    findApplicant(number: string): Promise<{ id: string } | undefined>;
  };
  authz: Authz;
  /** The cases module (bound after it is built): the case a lookup is made for. */
  cases: { reference(id: string): Promise<CaseForLookup | undefined> };
  /** 电子证照: whether an account holds a valid licence of a type (the licences service's `holds`). */
  licenceHolder?: (accountId: string, typeCode: string) => Promise<boolean>;
}

/** What a lookup checks against the case it names (the cases service's `reference`). */
export interface CaseForLookup {
  facts: ObjectFacts;
  caseNo: string;
  applicantId: string;
  form: Record<string, unknown>;
  /** The `sharedFrom` sources of the item's materials. */
  drawsOn: string[];
}

/**
 * The parties of a case a lookup may be about: the applicant (ID number or USCC), the applying
 * enterprise's legal representative, and every person or enterprise the form names by a valid
 * number (法定代表人、经办人、家庭成员…): the applicant declared them for this very case.
 */
export function partiesOf(
  applicant: { idNumber?: string | null; uscc?: string | null; legalRepIdNumber?: string | null },
  form: Record<string, unknown>,
): Set<string> {
  const out = new Set<string>();
  for (const n of [applicant.idNumber, applicant.uscc, applicant.legalRepIdNumber])
    if (n) out.add(n.toUpperCase());
  const walk = (v: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof v === 'string') {
      const t = v.trim().toUpperCase();
      const id = checkIdNumber(t);
      if (id.ok) out.add(id.value);
      else {
        const u = checkUscc(t);
        if (u.ok) out.add(u.value);
      }
    } else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(form, 0);
  return out;
}

/** One read of someone's shared data or licence, as another module reports it. */
export interface AccessEntry {
  subjectAccountId: string | null;
  subjectKey?: string | null;
  resourceCode: string;
  /** Defaults to the catalog name of the resource or licence type. */
  resourceName?: string;
  /** The department that read it. */
  departmentCode: string;
  staffId?: string | null;
  purpose: string;
  caseId?: string | null;
  caseNo?: string | null;
}

/** What the case engine hands over when it files a case with shared materials (CaseDeps['shared']). */
export interface SharedUse {
  applicantId: string;
  caseId: string;
  caseNo: string;
  departmentCode: string;
  actorId: string;
  /** Optional: the item's name, for a purpose that names it. */
  itemName?: string;
  materials: { materialId: string; source: string; name?: string }[];
}

export interface LookupInput {
  resource: string;
  /** ID number or USCC. */
  subject: string;
  purpose: string;
  caseId: string;
  caseNo: string | null;
  departmentCode: string;
  staffId?: string | null;
  subjectAccountId?: string | null;
}

/** Catalog names change only on an import; a minute of staleness is harmless. */
const REFERENCE_TTL_MS = 60_000;
const MEMO_LIMIT = 5_000;

export function createSharingService(deps: SharingDeps) {
  const { db } = deps;
  let refs: {
    at: number;
    resources: Map<string, DataResourceDoc>;
    licenceNames: Map<string, string>;
  } | null = null;
  /** Material names seen by `resolve`, for the purpose `recordUse` writes a moment later. */
  const resolved = new Map<string, { materialName: string; subjectKey: string | null }>();
  const memoKey = (applicantId: string, materialId: string, source: string) =>
    `${applicantId}|${materialId}|${source}`;

  /** Reads through the pool: never call it inside a transaction (PGlite has one connection). */
  async function references() {
    if (refs && Date.now() - refs.at < REFERENCE_TTL_MS) return refs;
    const [resources, licences] = await Promise.all([
      deps.catalog.dataResources(),
      deps.catalog.licenceTypes(),
    ]);
    refs = {
      at: Date.now(),
      resources: new Map(resources.map((r) => [r.code as string, r as unknown as DataResourceDoc])),
      licenceNames: new Map(licences.map((l) => [l.code as string, l.name as string])),
    };
    return refs;
  }

  /** The name of a resource or licence type from what is cached: safe inside a transaction. */
  const cachedName = (code: string) =>
    refs?.resources.get(code)?.name ?? refs?.licenceNames.get(code) ?? code;

  async function applicantOf(a: {
    id: string;
    kind: 'person' | 'enterprise';
    idNumber?: string | null;
    uscc?: string | null;
  }): Promise<SharingApplicant> {
    if (a.idNumber !== undefined && a.uscc !== undefined)
      return { id: a.id, kind: a.kind, idNumber: a.idNumber, uscc: a.uscc };
    const full = await deps.identity.applicant(a.id);
    return { id: a.id, kind: a.kind, idNumber: full?.idNumber ?? null, uscc: full?.uscc ?? null };
  }

  async function writeAccess(ex: DbOrTx, entries: AccessEntry[]) {
    return repo.insertAccess(
      ex,
      entries.map((e) => ({
        subject_account_id: e.subjectAccountId,
        subject_key: e.subjectKey ?? null,
        resource_code: e.resourceCode,
        resource_name: e.resourceName ?? cachedName(e.resourceCode),
        department_code: e.departmentCode,
        staff_id: e.staffId ?? null,
        purpose: e.purpose,
        case_id: e.caseId ?? null,
        case_no: e.caseNo ?? null,
      })),
    );
  }

  const service = {
    /**
     * For the case engine, before the case's transaction: whether a material is already held by the
     * government for this applicant (see resolver.ts for the rules).
     */
    async resolve(
      applicant: {
        id: string;
        kind: 'person' | 'enterprise';
        idNumber?: string | null;
        uscc?: string | null;
      },
      material: Pick<CatalogMaterial, 'id' | 'name' | 'sharedFrom'>,
    ): Promise<{ source: string } | null> {
      if (!sourceKind(material.sharedFrom)) return null;
      const a = await applicantOf(applicant);
      const r = await references();
      const hit = await resolveShared(a, material.sharedFrom, {
        holdsLicence: async (id, type) => (deps.licenceHolder ? deps.licenceHolder(id, type) : false),
        resourceSubject: async (code) => r.resources.get(code)?.subject,
        hasRecord: (code, key) => repo.providerRecordExists(db, code, key),
      });
      if (hit) {
        if (resolved.size >= MEMO_LIMIT) resolved.delete(resolved.keys().next().value!);
        resolved.set(memoKey(a.id, material.id, hit.source), {
          materialName: material.name,
          subjectKey: subjectKey(a),
        });
      }
      return hit;
    },

    /**
     * For the case engine, inside the case's creation transaction: one access record per material
     * satisfied from shared data, read by the department that handles the case. Writes only.
     */
    async recordUse(tx: Tx, use: SharedUse): Promise<void> {
      const atWindow = use.actorId !== use.applicantId;
      await writeAccess(
        tx,
        use.materials.map((m) => {
          const key = memoKey(use.applicantId, m.materialId, m.source);
          const seen = resolved.get(key);
          resolved.delete(key);
          return {
            subjectAccountId: use.applicantId,
            subjectKey: seen?.subjectKey ?? null,
            resourceCode: m.source,
            departmentCode: use.departmentCode,
            staffId: atWindow ? use.actorId : null,
            purpose: verificationPurpose(m.name ?? seen?.materialName ?? m.materialId, use.itemName),
            caseId: use.caseId,
            caseNo: use.caseNo,
          };
        }),
      );
    },

    /** Another module records a read of someone's licence or data (in its own transaction). */
    recordAccess: (ex: DbOrTx, entry: AccessEntry) => writeAccess(ex, [entry]).then(() => undefined),

    /**
     * 数据共享 lookup for other modules: reads a data resource's record about a subject and records the
     * access with the same executor, so a transaction covers both. A purpose and a case are required.
     * Returns null (and records nothing) when the provider holds no record.
     */
    async lookup(ex: DbOrTx, q: LookupInput) {
      const errors = [];
      if (!q.purpose?.trim()) errors.push({ field: 'purpose', message: '请写明查询用途' });
      if (!q.caseId?.trim()) errors.push({ field: 'caseId', message: '共享数据只能为办件查询，请指明办件' });
      if (errors.length) throw validationFailed(errors);
      if (!ex.isTransaction) await references();
      const record = await repo.providerRecord(ex, q.resource, q.subject);
      await audit(ex, {
        action: 'sharing.lookup',
        object: `${q.resource}:${q.subject}`,
        outcome: record ? 'success' : 'failure',
        detail: { caseId: q.caseId, purpose: q.purpose.trim(), found: !!record },
      });
      if (!record) return null;
      const [access] = await writeAccess(ex, [
        {
          subjectAccountId: q.subjectAccountId ?? null,
          subjectKey: q.subject,
          resourceCode: q.resource,
          departmentCode: q.departmentCode,
          staffId: q.staffId ?? null,
          purpose: q.purpose.trim(),
          caseId: q.caseId,
          caseNo: q.caseNo,
        },
      ]);
      return { data: record.data, updatedAt: record.updated_at.toISOString(), at: access!.at.toISOString() };
    },

    /** A staff member's lookup for a case of their own department (POST /api/sharing/lookups). */
    async lookupForCase(
      p: Principal,
      input: { resource: string; subjectNumber: string; purpose: string; caseId: string },
    ) {
      const { resources } = await references();
      const resource = resources.get(input.resource);
      if (!resource)
        throw validationFailed([{ field: 'resource', message: `数据资源 ${input.resource} 不存在` }]);
      const checked =
        resource.subject === 'person' ? checkIdNumber(input.subjectNumber) : checkUscc(input.subjectNumber);
      if (!checked.ok) {
        throw validationFailed([
          {
            field: 'subjectNumber',
            message:
              resource.subject === 'person'
                ? `「${resource.name}」按公民身份号码查询，请核对号码`
                : `「${resource.name}」按统一社会信用代码查询，请核对代码`,
          },
        ]);
      }
      const number = checked.value;
      // The case must be one the caller works (platform/authz CASE.lookup: 404 outside reach, 403 for
      // a case it may see but does not handle); then the lookup must fit the case.
      const ref = await deps.cases.reference(input.caseId);
      if (!ref) throw notFound('办件', input.caseId);
      await deps.authz.authorize(p, CASE.lookup, ref.facts, '该办件不由本部门办理，不能为其查询共享数据');
      if (!ref.drawsOn.includes(resource.code))
        throw forbidden(`该办件事项的材料不使用「${resource.name}」，不能为其查询`);
      const applicant = await deps.identity.applicant(ref.applicantId);
      if (!partiesOf(applicant ?? {}, ref.form).has(number.toUpperCase()))
        throw forbidden('查询对象须为该办件的申请人或申请表所列当事人（如法定代表人）');
      const subjectAccount = await deps.identity.findApplicant(number);
      const found = await transaction(db, (tx) =>
        service.lookup(tx, {
          resource: resource.code,
          subject: number,
          purpose: input.purpose,
          caseId: input.caseId,
          caseNo: ref.caseNo,
          departmentCode: p.departmentCode!,
          staffId: p.id,
          subjectAccountId: subjectAccount?.id ?? null,
        }),
      );
      if (!found) throw notFound(`「${resource.name}」中该主体的记录`, maskIdNumber(number));
      return {
        resource: resource.code,
        resourceName: resource.name,
        departmentKind: resource.departmentKind,
        subject: maskIdNumber(number),
        caseNo: ref.caseNo,
        data: found.data,
        updatedAt: found.updatedAt,
        accessedAt: found.at,
      };
    },

    /** 我的数据使用记录: every read of the account's licences or shared data, newest first, without PII. */
    async accessesAbout(accountId: string, page: { limit: number; offset: number }) {
      const { total, rows } = await repo.accessesAbout(db, accountId, page);
      const departments = new Map<string, string>();
      for (const code of new Set(rows.map((r) => r.department_code))) {
        departments.set(code, (await deps.catalog.directory.department(code))?.name ?? code);
      }
      return {
        total,
        items: rows.map((r) => ({
          resource: r.resource_name,
          resourceCode: r.resource_code,
          department: departments.get(r.department_code) ?? r.department_code,
          departmentCode: r.department_code,
          purpose: r.purpose,
          caseNo: r.case_no,
          at: r.at.toISOString(),
        })),
      };
    },

    /** The catalog's data resources (数据共享资源目录). */
    resources: async () => [...(await references()).resources.values()],

    /** 材料精简率 of every item and department kind. */
    reduction: async () => reductionReport(await deps.catalog.currentItems()),

    /** Demo data: every data resource answers for demo-person or demo-enterprise, by subject kind. */
    async seedDemo(): Promise<number> {
      const { resources } = await references();
      let n = 0;
      await transaction(db, async (tx) => {
        for (const r of resources.values()) {
          const rec = demoRecord(r);
          await repo.putProviderRecord(tx, { resourceCode: r.code, ...rec }, { replace: false });
          n++;
        }
      });
      return n;
    },
  };
  return service;
}

export type SharingService = ReturnType<typeof createSharingService>;
