import { randomUUID } from 'node:crypto';
import { record } from '../../platform/audit/index.js';
import { type Authz, LICENCE, type ObjectFacts } from '../../platform/authz/index.js';
import { toBase64url } from '../../platform/crypto/base64url.js';
import { canonicalJson } from '../../platform/crypto/canonical.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { sm3 } from '../../platform/crypto/sm2.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import { maskIdNumber } from '../identity/id-number.js';
import { chineseDate, fillFields, ISSUANCE_KEYS, type LicenceTypeDoc } from './fields.js';
import { formatIdentifier, licenceNumber } from './identifier.js';
import { maskLicenceData } from './masking.js';
import { type LicenceDocument, renderLicencePdf } from './pdf.js';
import * as repo from './repo.js';
import { dateProblem, decodeToken, signToken, type TokenPayload, verifyTokenSignature } from './token.js';

/** What the case engine asks for when an approved item has a result licence (制证). */
export interface LicenceIssueRequest {
  caseId: string;
  caseNo: string;
  typeCode: string;
  departmentCode: string;
  regionCode: string;
  applicantId: string;
  form: Record<string, unknown>;
  decidedAt: Date;
}

export interface DirectIssue {
  typeCode: string;
  departmentCode: string;
  holderId: string;
  /** Field values by key (e.g. from a register); issuance fields are filled in as for a case. */
  data: Record<string, unknown>;
  at?: Date;
  /** Overrides the type's validity (e.g. an identity card's term follows the holder's age). */
  validUntil?: string | null;
  actorId?: string | null;
}

export interface LicenceServiceDeps {
  db: Db;
  /** Catalog reads used to fill the cache (never inside a transaction). */
  catalog: {
    licenceTypes(): Promise<Record<string, unknown>[]>;
    departments(): Promise<{ code: string; name: string; regionCode: string }[]>;
  };
  keys: KeyStore;
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today(): string;
  /** The holder's name and number from identity, read through the issuing transaction. */
  holders(tx: Tx, accountId: string): Promise<repo.Holder | undefined>;
  authz: Authz;
  /** The cases module (bound after it is built): the case a staff read cites. */
  cases: { reference(id: string): Promise<{ facts: ObjectFacts; caseNo: string } | undefined> };
  /** The data-access log shown to the holder (the sharing module's `recordAccess`). */
  dataAccess: {
    record(entry: {
      subjectAccountId: string;
      resourceCode: string;
      departmentCode: string;
      staffId: string;
      purpose: string;
      caseId: string | null;
      caseNo: string | null;
    }): Promise<void>;
  };
}

/** Why a member of staff reads a licence: the case it is for and the purpose (both required). */
export interface StaffRead {
  caseId?: string;
  purpose?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
/** How long the licence-type cache is trusted before a read outside a transaction refreshes it. */
const CATALOG_TTL_MS = 60_000;

/** The day before the same date `years` later: a term of 5 years from 2026-03-15 ends 2031-03-14. */
export function validUntilOf(issueDate: string, years: number | null): string | null {
  if (years === null) return null;
  const [y, m, d] = issueDate.split('-').map(Number) as [number, number, number];
  // 29 February plus whole years lands on 1 March in a common year, so the term ends on 28 February.
  const end = new Date(Date.UTC(y + years, m - 1, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** 张晓峡 → 张*峡, 张三 → 张*: a person's name as a public verifier shows it. */
export function maskPersonName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

const ISSUER_ONLY = '只有发证部门的制证（issuer）岗位可以注销或换发该证照';

const maskNumber = (n: string | null) => (n ? maskIdNumber(n) : null);

/** The licence's values in the order of its type's fields (then any the type no longer lists). */
function orderedFields(data: Record<string, string>, type: LicenceTypeDoc | undefined): [string, string][] {
  const keys = (type?.fields ?? []).map((f) => f.key).filter((k) => k in data);
  const rest = Object.keys(data).filter((k) => !keys.includes(k));
  return [...keys, ...rest].map((k) => [k, data[k]!]);
}

export function createLicenceService(deps: LicenceServiceDeps) {
  const { db, keys } = deps;
  let types = new Map<string, LicenceTypeDoc>();
  let departments = new Map<string, { name: string; regionCode: string }>();
  let catalogLoadedAt = 0;

  async function loadCatalog(): Promise<void> {
    const [t, d] = await Promise.all([deps.catalog.licenceTypes(), deps.catalog.departments()]);
    types = new Map(t.map((x) => [String(x.code), x as unknown as LicenceTypeDoc]));
    departments = new Map(d.map((x) => [x.code, { name: x.name, regionCode: x.regionCode }]));
    catalogLoadedAt = Date.now();
  }

  async function freshCatalog(): Promise<void> {
    if (Date.now() - catalogLoadedAt > CATALOG_TTL_MS) await loadCatalog();
  }

  function typeOf(code: string): LicenceTypeDoc {
    const t = types.get(code);
    if (!t) throw conflict('licence_type_unknown', `证照类型 ${code} 未在事项目录中登记，无法制证`);
    return t;
  }

  /** The department's current signing key, made on first use; its public half goes in with the licence. */
  async function signingKey(tx: Tx, departmentCode: string) {
    const key = keys.activeKey(departmentCode) ?? keys.generate(departmentCode);
    await repo.ensureKey(tx, key);
    return key;
  }

  interface IssueCore {
    typeCode: string;
    departmentCode: string;
    holderId: string;
    form: Record<string, unknown>;
    at: Date;
    caseId: string | null;
    caseNo: string | null;
    actorId: string | null;
    validUntil?: string | null;
    /** A re-issue keeps the licence's serial and term and takes the next version. */
    reissueOf?: repo.LicenceRow;
  }

  /** Fills, numbers, signs and records one licence; every read and write goes through `tx`. */
  async function issueIn(tx: Tx, input: IssueCore): Promise<repo.LicenceRow> {
    const type = typeOf(input.typeCode);
    const holder = await deps.holders(tx, input.holderId);
    if (!holder || (holder.kind !== 'person' && holder.kind !== 'enterprise'))
      throw conflict('licence_holder_unknown', '持证人账号不存在，无法制证');
    const kind = holder.kind as 'person' | 'enterprise';
    const number = kind === 'person' ? holder.id_number : holder.uscc;
    const issuerName = departments.get(input.departmentCode)?.name ?? input.departmentCode;
    const prev = input.reissueOf;
    const serial = prev ? prev.serial : await repo.nextSerial(tx, type.code, input.departmentCode);
    const version = prev ? prev.version + 1 : 1;
    const issueDate = shanghaiDate(input.at);
    const validUntil = prev
      ? prev.valid_until
      : input.validUntil !== undefined
        ? input.validUntil
        : validUntilOf(issueDate, type.validityYears);
    const parts = { typeCode: type.code, issuerCode: input.departmentCode, serial, version };
    const identifier = formatIdentifier(parts);
    const licenceNo = prev ? prev.licence_no : licenceNumber(parts);
    const data = fillFields(type, {
      form: input.form,
      holder: { kind, name: holder.name, number, legalRepName: holder.legal_rep_name },
      issuerName,
      issueDate,
      validUntil,
      licenceNo,
    });
    const digest = sm3(
      canonicalJson({
        identifier,
        typeCode: type.code,
        name: type.name,
        licenceNo,
        holder: { kind, name: holder.name, number },
        issuer: input.departmentCode,
        issueDate,
        validUntil,
        data,
      }),
    );
    const key = await signingKey(tx, input.departmentCode);
    const payload: TokenPayload = {
      i: identifier,
      t: type.code,
      h: holder.name,
      n: maskNumber(number) ?? '',
      d: issueDate,
      v: validUntil,
      k: key.kid,
      s: toBase64url(Buffer.from(digest.slice(0, 32), 'hex')),
    };
    const { token, signature } = signToken(payload, key);
    const row: repo.NewLicence = {
      id: randomUUID(),
      identifier,
      type_code: type.code,
      name: type.name,
      holder_account_id: holder.id,
      holder_kind: kind,
      holder_name: holder.name,
      holder_number: number,
      issuer_department_code: input.departmentCode,
      issuer_name: issuerName,
      case_id: input.caseId,
      case_no: input.caseNo,
      serial,
      version,
      licence_no: licenceNo,
      data,
      issued_at: input.at,
      valid_from: issueDate,
      valid_until: validUntil,
      status: 'valid',
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
      key_id: key.kid,
      digest,
      signature,
      token,
      supersedes: prev?.id ?? null,
      superseded_by: null,
    };
    await repo.insertLicence(tx, row);
    await appendEvent(tx, {
      aggregateType: 'licence',
      aggregateId: row.id,
      type: prev ? 'licence.reissued' : 'licence.issued',
      actorId: input.actorId,
      regionCode: departments.get(input.departmentCode)?.regionCode ?? null,
      payload: {
        identifier,
        typeCode: type.code,
        holderId: holder.id,
        issuer: input.departmentCode,
        caseId: input.caseId,
        caseNo: input.caseNo,
        keyId: key.kid,
        ...(prev ? { supersedes: prev.id, version } : {}),
      },
    });
    return { ...row, created_at: new Date() };
  }

  type Viewer = 'holder' | 'other';

  function present(r: repo.LicenceRow, viewer: Viewer) {
    const type = types.get(r.type_code);
    const full = viewer === 'holder';
    const masked = maskNumber(r.holder_number);
    const shown = full ? r.data : maskLicenceData(r.data, r.holder_number);
    // jsonb keeps keys in its own order: the type's field order is the one to show.
    const data = Object.fromEntries(orderedFields(shown, type));
    const labels = new Map((type?.fields ?? []).map((f) => [f.key, f.label]));
    return {
      id: r.id,
      identifier: r.identifier,
      typeCode: r.type_code,
      name: r.name,
      licenceNo: r.licence_no,
      holder: {
        kind: r.holder_kind,
        name: r.holder_name,
        number: full ? r.holder_number : masked,
      },
      issuerDepartmentCode: r.issuer_department_code,
      issuerName: r.issuer_name,
      issuedAt: r.issued_at.toISOString(),
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      status: r.status,
      revokedAt: r.revoked_at?.toISOString() ?? null,
      revokeReason: r.revoke_reason,
      version: r.version,
      supersedes: r.supersedes,
      supersededBy: r.superseded_by,
      caseId: r.case_id,
      caseNo: r.case_no,
      data,
      fields: Object.keys(data).map((key) => ({ key, label: labels.get(key) ?? key, value: data[key]! })),
      keyId: r.key_id,
      token: r.token,
    };
  }

  async function load(id: string): Promise<repo.LicenceRow> {
    const r = UUID.test(id) ? await repo.findLicence(db, id) : undefined;
    if (!r) throw notFound('证照', id);
    return r;
  }

  /** The licence as the authorization layer sees it (platform/authz LICENCE). */
  const factsOf = (r: repo.LicenceRow, cited: ObjectFacts[] = []): ObjectFacts => ({
    kind: 'licence',
    id: r.id,
    ownerId: r.holder_account_id,
    issuerDepartmentCode: r.issuer_department_code,
    cases: cited,
  });

  /** An access by someone other than the holder, in the holder's `GET /api/me/data-access`. */
  async function logAccess(
    p: Principal,
    r: repo.LicenceRow,
    purpose: string,
    cited?: { id: string; caseNo: string },
  ) {
    await deps.dataAccess.record({
      subjectAccountId: r.holder_account_id,
      resourceCode: r.type_code,
      departmentCode: p.departmentCode ?? '',
      staffId: p.id,
      purpose,
      caseId: cited?.id ?? null,
      caseNo: cited?.caseNo ?? null,
    });
    await appendEvent(db, {
      aggregateType: 'licence',
      aggregateId: r.id,
      type: 'licence.read',
      actorId: p.id,
      payload: {
        department: p.departmentCode,
        holderId: r.holder_account_id,
        typeCode: r.type_code,
        caseId: cited?.id ?? null,
        purpose,
      },
    });
  }

  function voidLabel(r: repo.LicenceRow): LicenceDocument['void'] {
    if (r.superseded_by) return { label: '已换发', reason: '本版本已由新版本替代' };
    if (r.status === 'revoked') return { label: '已注销', reason: r.revoke_reason };
    if (r.valid_until && r.valid_until < deps.today()) return { label: '已过期', reason: null };
    return null;
  }

  async function publicKeyFor(kid: string): Promise<string | undefined> {
    const known = keys.publicKey(kid);
    if (known) return known.publicKey;
    // Signed by another process since this one started: its key is in the register.
    await syncKeys();
    return keys.publicKey(kid)?.publicKey;
  }

  async function syncKeys(): Promise<void> {
    const rows = await repo.signingKeys(db);
    keys.addPublic(
      rows.map((r) => ({
        kid: r.key_id,
        departmentCode: r.department_code,
        publicKey: r.public_key,
        createdAt: r.created_at.toISOString(),
      })),
    );
  }

  function publicView(p: TokenPayload, r: repo.LicenceRow | undefined) {
    return {
      identifier: p.i,
      typeCode: p.t,
      name: r?.name ?? types.get(p.t)?.name ?? p.t,
      holderName: r?.holder_kind === 'person' ? maskPersonName(p.h) : p.h,
      holderNumber: p.n,
      issuerDepartmentCode: r?.issuer_department_code ?? null,
      issuerName: r?.issuer_name ?? null,
      issueDate: p.d,
      validUntil: p.v,
      status: r ? (r.status === 'revoked' ? ('revoked' as const) : ('valid' as const)) : null,
    };
  }

  return {
    /** Loads keys and the licence-type cache; call once at start, before any issue. */
    async start(): Promise<void> {
      keys.load();
      const local = keys.publicKeys();
      await transaction(db, async (tx) => {
        for (const k of local) await repo.ensureKey(tx, k);
      });
      await syncKeys();
      await loadCatalog();
    },

    /** Re-reads licence types and department names (after a catalog import). */
    refreshCatalog: loadCatalog,

    /**
     * 制证 inside the case engine's approval transaction: reads nothing through a pool (on the embedded
     * engine that would wait for this very transaction) — the type comes from the cache.
     */
    async issueForCase(tx: Tx, req: LicenceIssueRequest): Promise<{ licenceId: string; identifier: string }> {
      const row = await issueIn(tx, {
        typeCode: req.typeCode,
        departmentCode: req.departmentCode,
        holderId: req.applicantId,
        form: req.form,
        at: req.decidedAt,
        caseId: req.caseId,
        caseNo: req.caseNo,
        actorId: null,
      });
      return { licenceId: row.id, identifier: row.identifier };
    },

    /** Issues a licence outside a case (demo data, migration of paper licences). */
    async issue(input: DirectIssue) {
      await freshCatalog();
      const row = await transaction(db, (tx) =>
        issueIn(tx, {
          typeCode: input.typeCode,
          departmentCode: input.departmentCode,
          holderId: input.holderId,
          form: input.data,
          at: input.at ?? new Date(),
          caseId: null,
          caseNo: null,
          actorId: input.actorId ?? null,
          validUntil: input.validUntil,
        }),
      );
      return present(row, 'holder');
    },

    /** 减证便民: whether the account holds a licence of the type in force today. */
    async holds(accountId: string, typeCode: string): Promise<boolean> {
      return repo.holdsValid(db, accountId, typeCode, deps.today());
    },

    /** 我的证照 (holder), or the licences a department issued (its staff). */
    async list(
      p: Principal,
      f: { mine: boolean; typeCode?: string; status?: 'valid' | 'revoked'; limit: number; offset: number },
    ) {
      await freshCatalog();
      const asHolder = f.mine || p.kind !== 'staff';
      // The department's register of what it issued belongs to its issuer role (注销、换发).
      if (!asHolder && (!p.departmentCode || !p.roles.includes('issuer')))
        throw forbidden('只有发证部门的制证（issuer）岗位可以查看本部门签发的证照');
      const { total, rows } = await repo.listLicences(db, {
        holderId: asHolder ? p.id : undefined,
        issuer: asHolder ? undefined : p.departmentCode!,
        typeCode: f.typeCode,
        status: f.status,
        currentOnly: asHolder,
        limit: f.limit,
        offset: f.offset,
      });
      return { total, items: rows.map((r) => present(r, asHolder ? 'holder' : 'other')) };
    },

    /**
     * The holder reads freely. Staff name the case the read is for — one of their department whose
     * applicant holds the licence — and a purpose; the read goes into the holder's data-access log.
     */
    async get(p: Principal, id: string, why: StaffRead = {}) {
      await freshCatalog();
      if (p.kind === 'staff') {
        const errors = [];
        if (!why.caseId) errors.push({ field: 'caseId', message: '工作人员查看证照须指明所办理的办件' });
        if (!why.purpose?.trim()) errors.push({ field: 'purpose', message: '请写明查看证照的用途' });
        if (errors.length) throw validationFailed(errors);
      }
      const row = await load(id);
      if (row.holder_account_id === p.id) return present(row, 'holder');
      const cited = p.kind === 'staff' && why.caseId ? await deps.cases.reference(why.caseId) : undefined;
      await deps.authz.authorize(p, LICENCE.read, factsOf(row, cited ? [cited.facts] : []));
      await logAccess(p, row, why.purpose!.trim(), cited && { id: cited.facts.id, caseNo: cited.caseNo });
      await record(db, {
        action: 'licence.staff_read',
        object: `licence:${row.id}`,
        detail: { holderId: row.holder_account_id, typeCode: row.type_code, caseId: why.caseId },
      });
      return present(row, 'other');
    },

    /** The signed licence as a PDF: for its holder and the issuing department. */
    async pdf(p: Principal, id: string): Promise<{ pdf: Buffer; fileName: string }> {
      await freshCatalog();
      const row = await load(id);
      await deps.authz.authorize(
        p,
        LICENCE.pdf,
        factsOf(row),
        '只有持证人或发证部门的制证岗位可以下载证照文件',
      );
      // The PDF carries the full number: the issuer's archive read is shown to the holder too.
      if (row.holder_account_id !== p.id) {
        await logAccess(p, row, '发证部门调阅证照签发存档');
        await record(db, {
          action: 'licence.staff_pdf',
          object: `licence:${row.id}`,
          detail: { holderId: row.holder_account_id },
        });
      }
      const type = types.get(row.type_code);
      const labels = new Map((type?.fields ?? []).map((f) => [f.key, f.label]));
      const pdf = await renderLicencePdf({
        name: row.name,
        identifier: row.identifier,
        licenceNo: row.licence_no,
        // Issuer and date sign the foot of the page; the number heads it.
        fields: orderedFields(row.data, type)
          .filter(([k, v]) => !ISSUANCE_KEYS.has(k) && v !== row.licence_no)
          .map(([k, v]) => ({ label: labels.get(k) ?? k, value: v })),
        issuerName: row.issuer_name,
        issueDate: row.valid_from,
        validUntil: row.valid_until,
        token: row.token,
        keyId: row.key_id,
        version: row.version,
        void: voidLabel(row),
      });
      return { pdf, fileName: `${row.name}-${row.licence_no}.pdf` };
    },

    /** 注销: by the issuer role of the issuing department, in one transaction with its event. */
    async revoke(p: Principal, id: string, reason: string) {
      await load(id);
      // Resolved before the transaction: on PGlite it holds the only connection.
      const reach = await deps.authz.reach(p);
      const row = await transaction(db, async (tx) => {
        const r = await repo.lockLicence(tx, id);
        if (!r) throw notFound('证照', id);
        await deps.authz.authorize(reach, LICENCE.revoke, factsOf(r), ISSUER_ONLY);
        if (r.status === 'revoked') throw conflict('licence_revoked', '该证照已注销，不能重复注销');
        await repo.revoke(tx, id, { revoked_by: p.id, revoke_reason: reason });
        await appendEvent(tx, {
          aggregateType: 'licence',
          aggregateId: id,
          type: 'licence.revoked',
          actorId: p.id,
          regionCode: departments.get(r.issuer_department_code)?.regionCode ?? null,
          payload: { identifier: r.identifier, reason, holderId: r.holder_account_id },
        });
        await record(tx, { action: 'licence.revoke', object: `licence:${id}`, detail: { reason } });
        return (await repo.findLicence(tx, id))!;
      });
      return present(row, 'other');
    },

    /**
     * 换发: a new version of the licence (same serial and term, version + 1) replaces the current one,
     * which stops being valid. `changes` corrects fields of the type (e.g. a new address).
     */
    async reissue(p: Principal, id: string, input: { reason: string; changes?: Record<string, string> }) {
      await freshCatalog();
      await load(id);
      const reach = await deps.authz.reach(p);
      const row = await transaction(db, async (tx) => {
        const old = await repo.lockLicence(tx, id);
        if (!old) throw notFound('证照', id);
        await deps.authz.authorize(reach, LICENCE.reissue, factsOf(old), ISSUER_ONLY);
        if (old.status === 'revoked') throw conflict('licence_revoked', '该证照已注销或已换发，不能再换发');
        const type = typeOf(old.type_code);
        const allowed = new Set(type.fields.map((f) => f.key).filter((k) => !ISSUANCE_KEYS.has(k)));
        const bad = Object.keys(input.changes ?? {}).filter((k) => !allowed.has(k));
        if (bad.length) {
          throw new AppError(
            400,
            'validation_failed',
            '输入校验未通过',
            '请求内容有误，请按提示修改后重新提交',
            [
              ...bad.map((k) => ({
                field: `changes.${k}`,
                message: `证照「${type.name}」没有可更正的字段 ${k}`,
              })),
            ],
          );
        }
        const kept = Object.fromEntries(Object.entries(old.data).filter(([k]) => !ISSUANCE_KEYS.has(k)));
        const next = await issueIn(tx, {
          typeCode: old.type_code,
          departmentCode: old.issuer_department_code,
          holderId: old.holder_account_id,
          form: { ...kept, ...input.changes },
          at: new Date(),
          caseId: old.case_id,
          caseNo: old.case_no,
          actorId: p.id,
          reissueOf: old,
        });
        await repo.revoke(tx, old.id, {
          revoked_by: p.id,
          revoke_reason: `换发新版本（第${next.version}版）：${input.reason}`,
          superseded_by: next.id,
        });
        await appendEvent(tx, {
          aggregateType: 'licence',
          aggregateId: old.id,
          type: 'licence.superseded',
          actorId: p.id,
          payload: { identifier: old.identifier, by: next.id, reason: input.reason },
        });
        await record(tx, {
          action: 'licence.reissue',
          object: `licence:${old.id}`,
          detail: { by: next.id, reason: input.reason },
        });
        return next;
      });
      return present(row, 'other');
    },

    /**
     * 核验: signature with the key the token names, then — online — the register: revoked, superseded,
     * or changed since signing; and the dates. Every failure is `valid: false` with the reason in Chinese.
     */
    async verify(token: string) {
      const decoded = decodeToken(token);
      if (!decoded.ok) return { valid: false, reason: decoded.reason };
      const publicKey = await publicKeyFor(decoded.payload.k);
      const checked = verifyTokenSignature(token, () => publicKey);
      if (!checked.ok) return { valid: false, reason: checked.reason };
      const p = checked.payload;
      await freshCatalog();
      const r = await repo.findByIdentifier(db, p.i);
      const licence = publicView(p, r);
      if (!r) return { valid: false, reason: '签发记录中没有该证照', licence };
      if (toBase64url(Buffer.from(r.digest.slice(0, 32), 'hex')) !== p.s || r.token !== token.trim())
        return { valid: false, reason: '证照记录与签发内容不一致', licence };
      if (r.superseded_by) return { valid: false, reason: '该证照已换发新版本，本版本已失效', licence };
      if (r.status === 'revoked') {
        const when = r.revoked_at ? `于${chineseDate(shanghaiDate(r.revoked_at))}` : '';
        return {
          valid: false,
          reason: `该证照已被发证机关${when}注销${r.revoke_reason ? `，原因：${r.revoke_reason}` : ''}`,
          licence,
        };
      }
      const dates = dateProblem(p, deps.today());
      if (dates) return { valid: false, reason: dates, licence };
      return { valid: true, licence };
    },

    /** A new signing key for a department (key rotation); earlier licences keep verifying. */
    async rotateKey(departmentCode: string) {
      const key = keys.generate(departmentCode);
      await transaction(db, (tx) => repo.ensureKey(tx, key));
      return { kid: key.kid, departmentCode, createdAt: key.createdAt };
    },

    publicKeys: () => keys.publicKeys(),
    /** Where the key files and the exported public-keys.json are. */
    keysDir: keys.dir,
  };
}

export type LicenceService = ReturnType<typeof createLicenceService>;
