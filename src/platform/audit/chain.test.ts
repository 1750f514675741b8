import { describe, expect, it } from 'vitest';
import {
  type ChainedEntry,
  createChainVerifier,
  type EntryContent,
  entryHash,
  GENESIS,
  link,
} from './chain.js';

const entry = (seq: number, over: Partial<EntryContent> = {}): EntryContent => ({
  seq,
  at: new Date(Date.UTC(2026, 11, 4, 10, 0, seq)),
  actorId: 'a1',
  actor: 'demo-clerk',
  role: 'window',
  client: '10.0.0.1',
  action: 'case.accept',
  object: `case:${seq}`,
  outcome: 'success',
  detail: { caseNo: `N${seq}`, n: 1 },
  requestId: `r${seq}`,
  ...over,
});

function chained(entries: EntryContent[]): ChainedEntry[] {
  const links = link(null, entries);
  return entries.map((e, i) => ({
    ...e,
    chainPos: links[i]!.chainPos,
    prevHash: links[i]!.prevHash,
    hash: links[i]!.hash,
  }));
}

function verify(rows: ChainedEntry[]) {
  const v = createChainVerifier();
  for (const r of rows) v.feed(r);
  return v.result();
}

describe('audit hash chain', () => {
  it('hashes the entry content with SM3, independent of the order detail keys were written in', () => {
    const a = entryHash(entry(1, { detail: { x: 1, y: 'z' } }), 1, GENESIS);
    const b = entryHash(entry(1, { detail: { y: 'z', x: 1 } }), 1, GENESIS);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
    expect(entryHash(entry(1), 1, GENESIS)).not.toBe(entryHash(entry(1), 2, GENESIS));
    expect(entryHash(entry(1), 1, GENESIS)).not.toBe(entryHash(entry(1, { outcome: 'failure' }), 1, GENESIS));
  });

  it('links each entry to the previous hash, continuing after an existing head', () => {
    const first = link(null, [entry(1), entry(2)]);
    expect(first[0]).toMatchObject({ chainPos: 1, prevHash: GENESIS });
    expect(first[1]!.prevHash).toBe(first[0]!.hash);
    const more = link({ chainPos: 2, hash: first[1]!.hash }, [entry(5), entry(3)]);
    expect(more.map((l) => [l.seq, l.chainPos])).toEqual([
      [5, 3],
      [3, 4],
    ]);
    expect(more[0]!.prevHash).toBe(first[1]!.hash);
  });

  it('accepts an intact chain and reports its head', () => {
    const rows = chained([entry(1), entry(2), entry(3)]);
    const r = verify(rows);
    expect(r.broken).toBeNull();
    expect(r.count).toBe(3);
    expect(r.head).toEqual({ chainPos: 3, hash: rows[2]!.hash });
  });

  it('names a changed entry', () => {
    const rows = chained([entry(1), entry(2), entry(3)]);
    rows[1] = { ...rows[1]!, actor: 'someone-else' };
    expect(verify(rows).broken).toMatchObject({ seq: 2, chainPos: 2 });
  });

  it('names the gap where an entry was removed, even with its successor re-linked by position', () => {
    const rows = chained([entry(1), entry(2), entry(3)]);
    expect(verify([rows[0]!, rows[2]!]).broken).toMatchObject({ seq: null, chainPos: 2 });
    const renumbered = { ...rows[2]!, chainPos: 2 };
    expect(verify([rows[0]!, renumbered]).broken).toMatchObject({ seq: 3, chainPos: 2 });
  });

  it('does not notice entries cut from the end: that is what signed checkpoints are for', () => {
    const rows = chained([entry(1), entry(2), entry(3)]);
    const r = verify(rows.slice(0, 2));
    expect(r.broken).toBeNull();
    expect(r.head?.chainPos).toBe(2);
  });

  it('remembers the hash at watched positions for the checkpoint comparison', () => {
    const rows = chained([entry(1), entry(2), entry(3)]);
    const v = createChainVerifier();
    v.watch(2);
    for (const r of rows) v.feed(r);
    expect(v.result().hashAt(2)).toBe(rows[1]!.hash);
    expect(v.result().hashAt(3)).toBe('');
  });
});
