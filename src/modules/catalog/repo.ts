import { type ColumnType, type Generated, sql } from 'kysely';
import { columnsOf } from '../../platform/db/columns.js';
import type { DbOrTx } from '../../platform/db/database.js';
import type {
  CatalogBundle,
  CatalogDepartment,
  CatalogItem,
  CatalogRegion,
  DataResource,
  LicenceType,
  Proof,
} from './catalog-format.js';

type Json<T = unknown> = ColumnType<T, string, string>;
type Withdrawable = { withdrawn_at: ColumnType<Date | null, never, Date | null | ReturnType<typeof sql>> };

export type CatalogTables = {
  catalog_imports: {
    id: string;
    published_at: string;
    issuer_region_code: string;
    issuer_name: string;
    doc_sha256: string;
    status: 'applied' | 'noop';
    items_created: number;
    items_updated: number;
    items_unchanged: number;
    items_withdrawn: number;
    imported_by: string | null;
    imported_at: Generated<Date>;
  };
  regions: { code: string; name: string; level: string; parent: string | null };
  departments: { code: string; name: string; region_code: string; kind: string };
  catalog_items: { code: string; base_code: string; current_version: number; withdrawn_at: Date | null };
  catalog_item_versions: {
    code: string;
    version: number;
    import_id: string;
    published_at: string;
    content_hash: string;
    name: string;
    sub_name: string;
    type: string;
    department_kind: string;
    promised_days: number;
    legal_days: number;
    online_depth: number;
    themes: string[];
    served_objects: string[];
    levels: string[];
    doc: Json<CatalogItem>;
    created_at: Generated<Date>;
  };
  item_implementations: { item_code: string; region_code: string; department_code: string };
  bundles: {
    code: string;
    name: string;
    served_objects: string[];
    promised_days: number;
    item_codes: string[];
    doc: Json<CatalogBundle>;
  } & Withdrawable;
  licence_types: {
    code: string;
    name: string;
    department_kind: string;
    doc: Json<LicenceType>;
  } & Withdrawable;
  data_resources: {
    code: string;
    name: string;
    department_kind: string;
    doc: Json<DataResource>;
  } & Withdrawable;
  proofs: { code: string; name: string; replacement: string; doc: Json<Proof> } & Withdrawable;
};

const t = (db: DbOrTx) => db.withTables<CatalogTables>();

const IMPORT_COLUMNS = columnsOf<CatalogTables['catalog_imports']>()([
  'id',
  'published_at',
  'issuer_region_code',
  'issuer_name',
  'doc_sha256',
  'status',
  'items_created',
  'items_updated',
  'items_unchanged',
  'items_withdrawn',
  'imported_by',
  'imported_at',
]);
const BUNDLE_COLUMNS = columnsOf<CatalogTables['bundles']>()([
  'code',
  'name',
  'served_objects',
  'promised_days',
  'item_codes',
  'doc',
  'withdrawn_at',
]);
const REGION_COLUMNS = columnsOf<CatalogTables['regions']>()(['code', 'name', 'level', 'parent']);
const DEPARTMENT_COLUMNS = columnsOf<CatalogTables['departments']>()(['code', 'name', 'region_code', 'kind']);

export interface ItemHead {
  code: string;
  current_version: number;
  content_hash: string;
  withdrawn_at: Date | null;
}

export interface ItemListFilter {
  region?: string;
  codes?: string[];
  type?: string;
  theme?: string;
  object?: 'person' | 'enterprise';
  limit: number;
  offset: number;
}

export interface ImportRecord {
  id: string;
  publishedAt: string;
  issuerRegionCode: string;
  issuerName: string;
  docSha256: string;
  status: 'applied' | 'noop';
  itemsCreated: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsWithdrawn: number;
  importedBy: string | null;
}

/** Serialises imports: two admins importing at once must not interleave their versions. */
export async function lockImports(tx: DbOrTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(7262027)`.execute(tx);
}

export async function latestAppliedImport(tx: DbOrTx) {
  return t(tx)
    .selectFrom('catalog_imports')
    .select(['id', 'published_at', 'doc_sha256'])
    .where('status', '=', 'applied')
    .orderBy('published_at', 'desc')
    .orderBy('imported_at', 'desc')
    .executeTakeFirst();
}

export async function findImportByHash(tx: DbOrTx, sha: string) {
  return t(tx)
    .selectFrom('catalog_imports')
    .select(['id', 'published_at'])
    .where('doc_sha256', '=', sha)
    .where('status', '=', 'applied')
    .executeTakeFirst();
}

export async function insertImport(tx: DbOrTx, r: ImportRecord): Promise<void> {
  await t(tx)
    .insertInto('catalog_imports')
    .values({
      id: r.id,
      published_at: r.publishedAt,
      issuer_region_code: r.issuerRegionCode,
      issuer_name: r.issuerName,
      doc_sha256: r.docSha256,
      status: r.status,
      items_created: r.itemsCreated,
      items_updated: r.itemsUpdated,
      items_unchanged: r.itemsUnchanged,
      items_withdrawn: r.itemsWithdrawn,
      imported_by: r.importedBy,
    })
    .execute();
}

export async function listImports(db: DbOrTx) {
  return t(db)
    .selectFrom('catalog_imports')
    .select(IMPORT_COLUMNS)
    .orderBy('imported_at', 'desc')
    .limit(200)
    .execute();
}

export async function upsertRegions(tx: DbOrTx, regions: CatalogRegion[]): Promise<void> {
  // Parents first, so the self-reference holds row by row.
  const depth = (r: CatalogRegion) => ['province', 'city', 'county', 'township'].indexOf(r.level);
  for (const r of [...regions].sort((a, b) => depth(a) - depth(b))) {
    await t(tx)
      .insertInto('regions')
      .values({ code: r.code, name: r.name, level: r.level, parent: r.parent ?? null })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: r.name, level: r.level, parent: r.parent ?? null }),
      )
      .execute();
  }
}

export async function upsertDepartments(tx: DbOrTx, departments: CatalogDepartment[]): Promise<void> {
  if (departments.length === 0) return;
  await t(tx)
    .insertInto('departments')
    .values(departments.map((d) => ({ code: d.code, name: d.name, region_code: d.regionCode, kind: d.kind })))
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        region_code: eb.ref('excluded.region_code'),
        kind: eb.ref('excluded.kind'),
      })),
    )
    .execute();
}

export async function itemHeads(tx: DbOrTx): Promise<ItemHead[]> {
  return t(tx)
    .selectFrom('catalog_items as i')
    .innerJoin('catalog_item_versions as v', (j) =>
      j.onRef('v.code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
    )
    .select(['i.code', 'i.current_version', 'v.content_hash', 'i.withdrawn_at'])
    .execute();
}

export async function insertItemVersion(
  tx: DbOrTx,
  item: CatalogItem,
  v: { version: number; importId: string; publishedAt: string; contentHash: string },
): Promise<void> {
  if (v.version === 1) {
    await t(tx)
      .insertInto('catalog_items')
      .values({ code: item.code, base_code: item.baseCode, current_version: 1 })
      .execute();
  }
  await t(tx)
    .insertInto('catalog_item_versions')
    .values({
      code: item.code,
      version: v.version,
      import_id: v.importId,
      published_at: v.publishedAt,
      content_hash: v.contentHash,
      name: item.name,
      sub_name: item.subName,
      type: item.type,
      department_kind: item.departmentKind,
      promised_days: item.promisedDays,
      legal_days: item.legalDays,
      online_depth: item.onlineDepth,
      themes: item.themes,
      served_objects: item.servedObjects,
      levels: item.levels,
      doc: JSON.stringify(item),
    })
    .execute();
  if (v.version > 1) {
    await t(tx)
      .updateTable('catalog_items')
      .set({ current_version: v.version, base_code: item.baseCode, withdrawn_at: null })
      .where('code', '=', item.code)
      .execute();
  }
}

export async function restoreItem(tx: DbOrTx, code: string): Promise<void> {
  await t(tx).updateTable('catalog_items').set({ withdrawn_at: null }).where('code', '=', code).execute();
}

export async function withdrawItems(tx: DbOrTx, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  await t(tx)
    .updateTable('catalog_items')
    .set({ withdrawn_at: sql`now()` })
    .where('code', 'in', codes)
    .execute();
}

export async function replaceImplementations(
  tx: DbOrTx,
  rows: { item_code: string; region_code: string; department_code: string }[],
): Promise<void> {
  // Derived from the catalog on each import (not history): recomputed whole.
  await t(tx).deleteFrom('item_implementations').execute();
  for (let i = 0; i < rows.length; i += 500) {
    await t(tx)
      .insertInto('item_implementations')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

type RefTable = 'bundles' | 'licence_types' | 'data_resources' | 'proofs';

async function upsertReference(
  tx: DbOrTx,
  table: RefTable,
  rows: Record<string, unknown>[],
  updateCols: string[],
) {
  const codes = rows.map((r) => r.code as string);
  // The four reference tables share this shape; Kysely cannot type a union of table names here.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const loose = tx as any as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
  if (rows.length) {
    await loose
      .insertInto(table)
      .values(rows)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          ...Object.fromEntries(updateCols.map((c) => [c, eb.ref(`excluded.${c}` as never)])),
          withdrawn_at: null,
        })),
      )
      .execute();
  }
  let q = t(tx).updateTable(table).set({ withdrawn_at: sql`now()` }).where('withdrawn_at', 'is', null);
  if (codes.length) q = q.where('code', 'not in', codes);
  await q.execute();
}

export async function upsertBundles(tx: DbOrTx, bundles: CatalogBundle[]) {
  await upsertReference(
    tx,
    'bundles',
    bundles.map((b) => ({
      code: b.code,
      name: b.name,
      served_objects: b.servedObjects,
      promised_days: b.promisedDays,
      item_codes: b.items,
      doc: JSON.stringify(b),
    })),
    ['name', 'served_objects', 'promised_days', 'item_codes', 'doc'],
  );
}

export async function upsertLicenceTypes(tx: DbOrTx, types: LicenceType[]) {
  await upsertReference(
    tx,
    'licence_types',
    types.map((t) => ({
      code: t.code,
      name: t.name,
      department_kind: t.departmentKind,
      doc: JSON.stringify(t),
    })),
    ['name', 'department_kind', 'doc'],
  );
}

export async function upsertDataResources(tx: DbOrTx, resources: DataResource[]) {
  await upsertReference(
    tx,
    'data_resources',
    resources.map((r) => ({
      code: r.code,
      name: r.name,
      department_kind: r.departmentKind,
      doc: JSON.stringify(r),
    })),
    ['name', 'department_kind', 'doc'],
  );
}

export async function upsertProofs(tx: DbOrTx, proofs: Proof[]) {
  await upsertReference(
    tx,
    'proofs',
    proofs.map((p) => ({ code: p.code, name: p.name, replacement: p.replacement, doc: JSON.stringify(p) })),
    ['name', 'replacement', 'doc'],
  );
}

// ---------------------------------------------------------------- reads

const currentVersions = (db: DbOrTx) =>
  t(db)
    .selectFrom('catalog_items as i')
    .innerJoin('catalog_item_versions as v', (j) =>
      j.onRef('v.code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
    )
    .where('i.withdrawn_at', 'is', null);

export async function listItems(db: DbOrTx, f: ItemListFilter) {
  let q = currentVersions(db);
  if (f.region) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('item_implementations as ii')
          .select('ii.item_code')
          .whereRef('ii.item_code', '=', 'i.code')
          .where('ii.region_code', '=', f.region!),
      ),
    );
  }
  if (f.codes) q = f.codes.length ? q.where('i.code', 'in', f.codes) : q.where(sql<boolean>`false`);
  if (f.type) q = q.where('v.type', '=', f.type);
  if (f.theme) q = q.where(sql<boolean>`${f.theme} = any(v.themes)`);
  if (f.object) q = q.where(sql<boolean>`${f.object} = any(v.served_objects)`);
  const [{ total }] = (await q.select(sql<number>`count(*)::int`.as('total')).execute()) as [
    { total: number },
  ];
  const rows = await q
    .select([
      'v.code',
      'v.name',
      'v.sub_name',
      'v.type',
      'v.department_kind',
      'v.promised_days',
      'v.online_depth',
      'v.themes',
      'v.served_objects',
    ])
    .orderBy('v.code')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total, rows };
}

export async function currentItemDocs(
  db: DbOrTx,
): Promise<{ doc: CatalogItem; version: number; published_at: string }[]> {
  return currentVersions(db)
    .select(['v.doc', 'v.version', 'v.published_at'])
    .orderBy('v.code')
    .execute() as Promise<{ doc: CatalogItem; version: number; published_at: string }[]>;
}

export async function itemVersion(db: DbOrTx, code: string, version?: number) {
  let q = t(db)
    .selectFrom('catalog_items as i')
    .innerJoin('catalog_item_versions as v', 'v.code', 'i.code')
    .select(['v.doc', 'v.version', 'v.published_at', 'i.withdrawn_at', 'i.current_version'])
    .where('i.code', '=', code);
  q =
    version === undefined
      ? q.whereRef('v.version', '=', 'i.current_version')
      : q.where('v.version', '=', version);
  return q.executeTakeFirst() as Promise<
    | {
        doc: CatalogItem;
        version: number;
        published_at: string;
        withdrawn_at: Date | null;
        current_version: number;
      }
    | undefined
  >;
}

export async function itemVersions(db: DbOrTx, code: string) {
  return t(db)
    .selectFrom('catalog_item_versions as v')
    .innerJoin('catalog_imports as m', 'm.id', 'v.import_id')
    .select(['v.version', 'v.published_at', 'v.created_at', 'v.content_hash', 'm.id as import_id'])
    .where('v.code', '=', code)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function implementationsOf(db: DbOrTx, code: string) {
  return t(db)
    .selectFrom('item_implementations as ii')
    .innerJoin('regions as r', 'r.code', 'ii.region_code')
    .innerJoin('departments as d', 'd.code', 'ii.department_code')
    .select([
      'ii.region_code',
      'r.name as region_name',
      'r.level',
      'ii.department_code',
      'd.name as department_name',
    ])
    .where('ii.item_code', '=', code)
    .orderBy('ii.region_code')
    .execute();
}

export async function implementedCodes(db: DbOrTx, regionCode: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('item_implementations')
    .select('item_code')
    .where('region_code', '=', regionCode)
    .execute();
  return rows.map((r) => r.item_code);
}

export async function themes(db: DbOrTx, object?: string, region?: string) {
  let q = currentVersions(db).select([sql<string>`unnest(v.themes)`.as('theme'), 'i.code']);
  if (object) q = q.where(sql<boolean>`${object} = any(v.served_objects)`);
  if (region) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('item_implementations as ii')
          .select('ii.item_code')
          .whereRef('ii.item_code', '=', 'i.code')
          .where('ii.region_code', '=', region),
      ),
    );
  }
  return t(db)
    .selectFrom(q.as('t'))
    .select(['t.theme', sql<number>`count(*)::int`.as('count')])
    .groupBy('t.theme')
    .orderBy('count', 'desc')
    .orderBy('t.theme')
    .execute();
}

export async function activeBundles(db: DbOrTx) {
  return t(db)
    .selectFrom('bundles')
    .select(BUNDLE_COLUMNS)
    .where('withdrawn_at', 'is', null)
    .orderBy('code')
    .execute() as Promise<
    {
      code: string;
      name: string;
      served_objects: string[];
      promised_days: number;
      item_codes: string[];
      doc: CatalogBundle;
    }[]
  >;
}

export async function bundle(db: DbOrTx, code: string) {
  return t(db)
    .selectFrom('bundles')
    .select(BUNDLE_COLUMNS)
    .where('code', '=', code)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst() as Promise<
    | {
        code: string;
        name: string;
        served_objects: string[];
        promised_days: number;
        item_codes: string[];
        doc: CatalogBundle;
      }
    | undefined
  >;
}

export async function regions(db: DbOrTx) {
  return t(db).selectFrom('regions').select(REGION_COLUMNS).orderBy('code').execute();
}

export async function regionSubtree(db: DbOrTx, code: string): Promise<string[]> {
  const rows = await sql<{ code: string }>`
    with recursive t(code) as (
      select code from regions where code = ${code}
      union all
      select r.code from regions r join t on r.parent = t.code
    ) select code from t`.execute(db);
  return rows.rows.map((r) => r.code);
}

export async function departments(db: DbOrTx, region?: string) {
  let q = t(db).selectFrom('departments').select(DEPARTMENT_COLUMNS).orderBy('region_code').orderBy('code');
  if (region) q = q.where('region_code', '=', region);
  return q.execute();
}

export async function department(db: DbOrTx, code: string) {
  return t(db)
    .selectFrom('departments')
    .select(DEPARTMENT_COLUMNS)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function referenceDocs(db: DbOrTx, table: 'licence_types' | 'data_resources' | 'proofs') {
  const rows = await t(db)
    .selectFrom(table)
    .select('doc')
    .where('withdrawn_at', 'is', null)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.doc as Record<string, unknown>);
}

export async function licenceTypeName(db: DbOrTx, code: string): Promise<string | null> {
  const r = await t(db)
    .selectFrom('licence_types')
    .select('name')
    .where('code', '=', code)
    .executeTakeFirst();
  return r?.name ?? null;
}

/** A stamp that changes whenever an import applies: search indexes compare it to know they are stale. */
export async function catalogStamp(db: DbOrTx): Promise<string> {
  const r = await t(db)
    .selectFrom('catalog_imports')
    .select(sql<string>`coalesce(max(imported_at)::text, '')`.as('stamp'))
    .where('status', '=', 'applied')
    .executeTakeFirstOrThrow();
  return r.stamp;
}
