export type SearchKind = 'item' | 'bundle';

/** One searchable thing: an item (事项) or a bundle (一件事), flattened to the text fields that are searched. */
export interface SearchDoc {
  kind: SearchKind;
  code: string;
  name: string;
  subName: string;
  type: string;
  departmentKind: string;
  themes: string[];
  /** material name and note, one string per material */
  materials: string[];
  faq: { q: string; a: string }[];
  /** name of the licence issued on approval, '' if none */
  licence: string;
  /** bundles: names of the member items; items: [] */
  members: string[];
  /** bundles: codes of the member items; items: [] */
  memberCodes: string[];
}

export interface SearchHit {
  kind: SearchKind;
  code: string;
  name: string;
  subName: string;
  score: number;
}

export interface SearchOptions {
  /** default 10 */
  limit?: number;
  /** keep only codes for which this returns true (e.g. items implemented in a region) */
  allow?: (code: string) => boolean;
}

export interface SearchIndex {
  search(q: string, opts?: SearchOptions): SearchHit[];
  readonly size: number;
}
