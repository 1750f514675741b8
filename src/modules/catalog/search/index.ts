import { RankedIndex } from './rank.js';
import { compileSynonyms, loadSynonyms, type SynonymFile } from './synonyms.js';
import type { SearchDoc, SearchIndex } from './types.js';

export { createBaselineIndex } from './baseline.js';
export { type CatalogForSearch, searchDocsFromCatalog } from './docs.js';
export { loadSynonyms, type SynonymFile } from './synonyms.js';
export type { SearchDoc, SearchHit, SearchIndex, SearchKind, SearchOptions } from './types.js';

/**
 * Builds the catalog search over items and bundles. `synonyms` defaults to
 * `seed/search-synonyms.json`; pass one to test or to hot-reload an edited list.
 */
export function createSearchIndex(docs: SearchDoc[], opts: { synonyms?: SynonymFile } = {}): SearchIndex {
  const index = new RankedIndex(docs, compileSynonyms(opts.synonyms ?? loadSynonyms()));
  return { size: docs.length, search: (q, o) => index.search(q, o) };
}
