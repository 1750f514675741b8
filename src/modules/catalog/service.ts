import { createHash, randomUUID } from 'node:crypto';
import { record } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { conflict, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import { mergeForms, mergeMaterials } from './bundle-merge.js';
import {
  type CatalogDoc,
  type DataResource,
  itemContentHash,
  type LicenceType,
  type Proof,
  validateCatalog,
} from './catalog-format.js';
import { computeImplementations } from './implementations.js';
import { materialReduction } from './reduction.js';
import * as repo from './repo.js';
import { createSearchIndex, type SearchIndex, searchDocsFromCatalog } from './search/index.js';

export interface ImportResult {
  id: string;
  publishedAt: string;
  status: 'applied' | 'noop';
  itemsCreated: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsWithdrawn: number;
}

interface SearchFacts {
  type: string;
  departmentKind: string | null;
  promisedDays: number;
  onlineDepth: number | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** How often a process checks whether another process imported a catalog (search index freshness). */
const STAMP_CHECK_MS = 5_000;
/** Pinned item versions kept in memory (they never change; the catalog holds a few hundred items). */
const PINNED_MAX = 5_000;

type ItemRow = NonNullable<Awaited<ReturnType<typeof repo.itemVersion>>>;
type ImplementationRow = Awaited<ReturnType<typeof repo.implementationsOf>>[number];

/** A catalog document is shared by every caller once cached: nobody may change it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function createCatalogService(db: Db) {
  let search: { index: SearchIndex; stamp: string; facts: Map<string, SearchFacts> } | null = null;
  let stampCheckedAt = 0;
  let building: Promise<SearchIndex> | null = null;
  const regionAllow = new Map<string, Set<string>>();
  // The application path's lookups (an item's current version and implementations, a region's
  // subtree) change only with an import: cached until one. An import in this process clears them at
  // once; one by another process is noticed by the stamp check, at most STAMP_CHECK_MS later — the
  // same freshness as the search index, and no different from an import landing just after the read.
  const lookups = {
    stamp: null as string | null,
    checkedAt: 0,
    checking: null as Promise<void> | null,
    items: new Map<string, Promise<{ row: ItemRow | undefined; impls: ImplementationRow[] }>>(),
    subtrees: new Map<string, Promise<string[]>>(),
  };
  // Item versions are never rewritten (an import adds a new version), so pinned ones need no stamp.
  const pinned = new Map<string, ItemRow['doc']>();

  function clearLookups(): void {
    lookups.items.clear();
    lookups.subtrees.clear();
    lookups.checkedAt = 0;
  }

  async function freshLookups(): Promise<void> {
    if (Date.now() - lookups.checkedAt < STAMP_CHECK_MS) return;
    lookups.checking ??= repo
      .catalogStamp(db)
      .then((stamp) => {
        if (stamp !== lookups.stamp) {
          clearLookups();
          lookups.stamp = stamp;
        }
        lookups.checkedAt = Date.now();
      })
      .finally(() => {
        lookups.checking = null;
      });
    return lookups.checking;
  }

  /** A cached lookup; a failed one is forgotten so the next call tries again. */
  function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let hit = map.get(key);
    if (!hit) {
      hit = load();
      map.set(key, hit);
      hit.catch(() => {
        if (map.get(key) === hit) map.delete(key);
      });
    }
    return hit;
  }

  async function buildSearch(stamp: string): Promise<SearchIndex> {
    const [items, bundles] = await Promise.all([repo.currentItemDocs(db), repo.activeBundles(db)]);
    const index = createSearchIndex(
      searchDocsFromCatalog({ items: items.map((i) => i.doc), bundles: bundles.map((b) => b.doc) }),
    );
    // What a result line shows beside the name, so the portal needs no request per result.
    const facts = new Map<string, SearchFacts>();
    for (const { doc } of items) {
      facts.set(doc.code, {
        type: doc.type,
        departmentKind: doc.departmentKind,
        promisedDays: doc.promisedDays,
        onlineDepth: doc.onlineDepth,
      });
    }
    for (const b of bundles)
      facts.set(b.code, {
        type: '一件事',
        departmentKind: null,
        promisedDays: b.promised_days,
        onlineDepth: null,
      });
    search = { index, stamp, facts };
    regionAllow.clear();
    return index;
  }

  async function searchIndex(): Promise<SearchIndex> {
    const now = Date.now();
    if (search && now - stampCheckedAt < STAMP_CHECK_MS) return search.index;
    stampCheckedAt = now;
    const stamp = await repo.catalogStamp(db);
    if (search && search.stamp === stamp) return search.index;
    building ??= buildSearch(stamp).finally(() => {
      building = null;
    });
    return building;
  }

  async function allowedInRegion(region: string): Promise<Set<string>> {
    let allow = regionAllow.get(region);
    if (!allow) {
      const items = new Set(await repo.implementedCodes(db, region));
      allow = new Set(items);
      // A bundle is offered in a region when its items are handled there.
      for (const b of await repo.activeBundles(db)) {
        if (b.item_codes.some((c) => items.has(c))) allow.add(b.code);
      }
      regionAllow.set(region, allow);
    }
    return allow;
  }

  async function requireItem(code: string, version?: number) {
    const row = await repo.itemVersion(db, code, version);
    if (!row) throw notFound(version === undefined ? '事项' : `事项版本 v${version} 的事项`, code);
    return row;
  }

  return {
    /**
     * Imports a catalog/v1 document whole or not at all: a bad file is refused with every error,
     * the same file twice is a no-op, and a newer one versions only the items that changed.
     */
    async importCatalog(input: unknown, importedBy: string | null): Promise<ImportResult> {
      const checked = validateCatalog(input);
      if (!checked.ok)
        throw validationFailed(checked.errors, `目录文件有 ${checked.errors.length} 处错误，未导入任何内容`);
      const doc: CatalogDoc = checked.doc;
      const docSha = sha256(JSON.stringify(doc));
      const result = await transaction(db, async (tx) => {
        await repo.lockImports(tx);
        const id = randomUUID();
        const base = {
          id,
          publishedAt: doc.publishedAt,
          issuerRegionCode: doc.issuer.regionCode,
          issuerName: doc.issuer.name,
          docSha256: docSha,
          importedBy,
        };
        const same = await repo.findImportByHash(tx, docSha);
        if (same) {
          const noop = {
            ...base,
            status: 'noop' as const,
            itemsCreated: 0,
            itemsUpdated: 0,
            itemsUnchanged: doc.items.length,
            itemsWithdrawn: 0,
          };
          await repo.insertImport(tx, noop);
          await record(tx, {
            action: 'catalog.import',
            object: `catalog_import:${id}`,
            detail: { status: 'noop' },
          });
          return noop;
        }
        const latest = await repo.latestAppliedImport(tx);
        if (latest && latest.published_at > doc.publishedAt) {
          throw conflict(
            'catalog_outdated',
            `目录发布日期 ${doc.publishedAt} 早于已导入的 ${latest.published_at}，不能用旧目录覆盖新目录`,
          );
        }
        const heads = new Map((await repo.itemHeads(tx)).map((h) => [h.code, h]));
        // The import row comes first: item versions reference it.
        await repo.insertImport(tx, {
          ...base,
          status: 'applied',
          itemsCreated: 0,
          itemsUpdated: 0,
          itemsUnchanged: 0,
          itemsWithdrawn: 0,
        });
        let created = 0;
        let updated = 0;
        let unchanged = 0;
        await repo.upsertRegions(tx, doc.regions);
        await repo.upsertDepartments(tx, doc.departments);
        await repo.upsertLicenceTypes(tx, doc.licenceTypes);
        await repo.upsertDataResources(tx, doc.dataResources);
        await repo.upsertProofs(tx, doc.proofs);
        for (const item of doc.items) {
          const hash = itemContentHash(item);
          const head = heads.get(item.code);
          const v = { importId: id, publishedAt: doc.publishedAt, contentHash: hash };
          if (!head) {
            await repo.insertItemVersion(tx, item, { ...v, version: 1 });
            created++;
          } else if (head.content_hash !== hash) {
            await repo.insertItemVersion(tx, item, { ...v, version: head.current_version + 1 });
            updated++;
          } else {
            if (head.withdrawn_at) await repo.restoreItem(tx, item.code);
            unchanged++;
          }
        }
        const present = new Set(doc.items.map((i) => i.code));
        const withdrawn = [...heads.values()]
          .filter((h) => !present.has(h.code) && !h.withdrawn_at)
          .map((h) => h.code);
        await repo.withdrawItems(tx, withdrawn);
        await repo.upsertBundles(tx, doc.bundles);
        await repo.replaceImplementations(
          tx,
          computeImplementations(doc.items, doc.regions, doc.departments),
        );
        const counts = {
          itemsCreated: created,
          itemsUpdated: updated,
          itemsUnchanged: unchanged,
          itemsWithdrawn: withdrawn.length,
        };
        await tx
          .withTables<repo.CatalogTables>()
          .updateTable('catalog_imports')
          .set({
            items_created: created,
            items_updated: updated,
            items_unchanged: unchanged,
            items_withdrawn: withdrawn.length,
          })
          .where('id', '=', id)
          .execute();
        await appendEvent(tx, {
          aggregateType: 'catalog',
          aggregateId: id,
          type: 'catalog.imported',
          actorId: importedBy,
          regionCode: doc.issuer.regionCode,
          payload: { publishedAt: doc.publishedAt, ...counts, withdrawnCodes: withdrawn },
        });
        await record(tx, {
          action: 'catalog.import',
          object: `catalog_import:${id}`,
          detail: { status: 'applied', ...counts },
        });
        return { ...base, status: 'applied' as const, ...counts };
      });
      if (result.status === 'applied') {
        search = null;
        regionAllow.clear();
        clearLookups();
      }
      const { id, publishedAt, status, itemsCreated, itemsUpdated, itemsUnchanged, itemsWithdrawn } = result;
      return { id, publishedAt, status, itemsCreated, itemsUpdated, itemsUnchanged, itemsWithdrawn };
    },

    async listImports() {
      const rows = await repo.listImports(db);
      return rows.map((r) => ({
        id: r.id as string,
        publishedAt: r.published_at as string,
        importedAt: (r.imported_at as Date).toISOString(),
        importedBy: r.imported_by as string | null,
        status: r.status as 'applied' | 'noop',
        itemsCreated: r.items_created as number,
        itemsUpdated: r.items_updated as number,
        itemsUnchanged: r.items_unchanged as number,
        itemsWithdrawn: r.items_withdrawn as number,
      }));
    },

    async listItems(f: {
      region?: string;
      q?: string;
      type?: string;
      theme?: string;
      object?: 'person' | 'enterprise';
      limit: number;
      offset: number;
    }) {
      let codes: string[] | undefined;
      if (f.q) {
        const index = await searchIndex();
        codes = index
          .search(f.q, { limit: 200 })
          .filter((h) => h.kind === 'item')
          .map((h) => h.code);
      }
      const { total, rows } = await repo.listItems(db, { ...f, codes });
      let items = rows.map((r) => ({
        code: r.code as string,
        name: r.name as string,
        subName: r.sub_name as string,
        type: r.type as string,
        departmentKind: r.department_kind as string,
        promisedDays: r.promised_days as number,
        onlineDepth: r.online_depth as number,
        themes: r.themes as string[],
        servedObjects: r.served_objects as string[],
      }));
      if (codes) {
        // With a query the search's order is the useful one.
        const rank = new Map(codes.map((c, i) => [c, i]));
        items = items.sort((a, b) => (rank.get(a.code) ?? 0) - (rank.get(b.code) ?? 0));
      }
      return { total, items };
    },

    async item(code: string, version?: number) {
      const row = await requireItem(code, version);
      const [impls, bundles, licenceName] = await Promise.all([
        repo.implementationsOf(db, code),
        repo.activeBundles(db),
        row.doc.resultLicence ? repo.licenceTypeName(db, row.doc.resultLicence) : Promise.resolve(null),
      ]);
      return {
        ...row.doc,
        version: row.version,
        currentVersion: row.current_version,
        publishedAt: row.published_at,
        withdrawn: row.withdrawn_at !== null,
        resultLicenceName: licenceName,
        // 材料精简率: materials needing no upload (免提交 or 告知承诺) / all materials.
        materialReductionRate: materialReduction(row.doc.materials).rate,
        implementations: impls.map((i) => ({
          regionCode: i.region_code,
          regionName: i.region_name,
          regionLevel: i.level,
          departmentCode: i.department_code,
          departmentName: i.department_name,
        })),
        bundles: bundles
          .filter((b) => b.item_codes.includes(code))
          .map((b) => ({ code: b.code, name: b.name })),
      };
    },

    async itemVersions(code: string) {
      await requireItem(code);
      const rows = await repo.itemVersions(db, code);
      return rows.map((r) => ({
        version: r.version as number,
        publishedAt: r.published_at as string,
        importedAt: (r.created_at as Date).toISOString(),
        contentHash: r.content_hash as string,
      }));
    },

    themes: (object?: string, region?: string) => repo.themes(db, object, region),

    async bundles(region?: string) {
      const all = await repo.activeBundles(db);
      const allow = region ? await allowedInRegion(region) : null;
      return all
        .filter((b) => !allow || allow.has(b.code))
        .map((b) => ({
          code: b.code,
          name: b.name,
          servedObjects: b.served_objects,
          promisedDays: b.promised_days,
          itemCount: b.item_codes.length,
        }));
    },

    async bundle(code: string) {
      const b = await repo.bundle(db, code);
      if (!b) throw notFound('一件事', code);
      const items = await Promise.all(b.item_codes.map((c) => requireItem(c)));
      const docs = items.map((i) => i.doc);
      return {
        code: b.code,
        name: b.name,
        servedObjects: b.served_objects,
        promisedDays: b.promised_days,
        items: docs.map((d, i) => ({
          code: d.code,
          name: d.name,
          subName: d.subName,
          departmentKind: d.departmentKind,
          promisedDays: d.promisedDays,
          version: items[i]!.version,
        })),
        form: mergeForms(`${b.name}一表申请`, docs) as unknown as Record<string, unknown>,
        materials: mergeMaterials(docs),
      };
    },

    async search(q: string, limit: number, region?: string) {
      const index = await searchIndex();
      const facts = search?.facts;
      const allow = region ? await allowedInRegion(region) : null;
      return index
        .search(q, { limit, allow: allow ? (code: string) => allow.has(code) : undefined })
        .map((h) => ({
          kind: h.kind,
          code: h.code,
          name: h.name,
          subName: h.subName,
          ...facts?.get(h.code),
        }));
    },

    async regions() {
      const rows = await repo.regions(db);
      return rows.map((r) => ({
        code: r.code as string,
        name: r.name as string,
        level: r.level as string,
        parent: r.parent as string | null,
      }));
    },

    async departments(region?: string) {
      const rows = await repo.departments(db, region);
      return rows.map((d) => ({
        code: d.code as string,
        name: d.name as string,
        regionCode: d.region_code as string,
        kind: d.kind as string,
      }));
    },

    // Stored as imported, after the strict catalog/v1 check.
    licenceTypes: async () => (await repo.referenceDocs(db, 'licence_types')) as LicenceType[],
    dataResources: async () => (await repo.referenceDocs(db, 'data_resources')) as DataResource[],
    proofs: async () => (await repo.referenceDocs(db, 'proofs')) as Proof[],
    /** The current version of every item in force (for reports such as 材料精简率). */
    currentItems: async () => (await repo.currentItemDocs(db)).map((r) => r.doc),

    /** Which department of a region handles an item, with the item's current version (for applications). */
    async implementation(itemCode: string, regionCode: string) {
      await freshLookups();
      const { row, impls } = await cached(lookups.items, itemCode, async () => {
        const [row, impls] = await Promise.all([
          repo.itemVersion(db, itemCode),
          repo.implementationsOf(db, itemCode),
        ]);
        return deepFreeze({ row, impls });
      });
      if (!row || row.withdrawn_at) return 'no-item' as const;
      const impl = impls.find((i) => i.region_code === regionCode);
      if (!impl) return 'not-here' as const;
      return {
        doc: row.doc,
        version: row.version,
        departmentCode: impl.department_code,
        departmentName: impl.department_name,
      };
    },

    /** A pinned version of an item (cases keep the version they were filed on). */
    async itemVersion(code: string, version: number) {
      const key = `${code}@${version}`;
      const hit = pinned.get(key);
      if (hit) return hit;
      const doc = (await repo.itemVersion(db, code, version))?.doc;
      if (doc) {
        if (pinned.size >= PINNED_MAX) pinned.clear();
        pinned.set(key, deepFreeze(doc));
      }
      return doc;
    },

    /** Region directory for other modules' data-scope checks. */
    directory: {
      async subtree(code: string): Promise<string[]> {
        await freshLookups();
        // A copy: the caller may do as it likes with its list.
        return [...(await cached(lookups.subtrees, code, () => repo.regionSubtree(db, code)))];
      },
      async department(code: string) {
        const d = await repo.department(db, code);
        return d
          ? { code: d.code as string, regionCode: d.region_code as string, name: d.name as string }
          : undefined;
      },
    },

    /** Warms the search index so the first citizen's query is fast. */
    warm: () => searchIndex().then(() => undefined),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
