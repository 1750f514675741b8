import { canonicalJson } from '../crypto/canonical.js';
import { sm3 } from '../crypto/sm2.js';

/**
 * The hash chain itself, without a database: what each entry's hash covers, and a verifier fed the
 * entries in chain order. Both the chainer and `npm run audit:verify` use exactly these functions.
 */

/** The `prev_hash` of the first entry. */
export const GENESIS = '0'.repeat(64);

/** An audit row's content: every column a writer sets (the chain columns come from the chainer). */
export interface EntryContent {
  seq: number;
  at: Date;
  actorId: string | null;
  actor: string | null;
  role: string | null;
  client: string | null;
  action: string;
  object: string | null;
  outcome: string;
  detail: unknown;
  requestId: string | null;
}

export interface ChainedEntry extends EntryContent {
  chainPos: number | null;
  prevHash: string | null;
  hash: string | null;
}

/**
 * SM3 over the canonical JSON of the entry's content, its chain position and the previous hash: a
 * changed column, a moved row or a row cut from between two others changes every hash after it.
 */
export function entryHash(e: EntryContent, chainPos: number, prevHash: string): string {
  return sm3(
    canonicalJson({
      v: 1,
      pos: chainPos,
      prev: prevHash,
      seq: e.seq,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actor: e.actor,
      role: e.role,
      client: e.client,
      action: e.action,
      object: e.object,
      outcome: e.outcome,
      detail: e.detail ?? {},
      requestId: e.requestId,
    }),
  );
}

/** Links unchained entries after the head, in the order given (the chainer's discovery order). */
export function link(
  head: { chainPos: number; hash: string } | null,
  entries: EntryContent[],
): { seq: number; chainPos: number; prevHash: string; hash: string }[] {
  let pos = head?.chainPos ?? 0;
  let prev = head?.hash ?? GENESIS;
  return entries.map((e) => {
    pos += 1;
    const hash = entryHash(e, pos, prev);
    const out = { seq: e.seq, chainPos: pos, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

export interface Break {
  /** The entry where the chain stops being consistent (null when the entry itself is gone). */
  seq: number | null;
  chainPos: number;
  reason: string;
}

/**
 * Walks chained entries in chain_pos order. The first inconsistency is kept; entries after it are
 * still counted (so the report can say how much follows a break).
 */
export function createChainVerifier() {
  let expectedPos = 1;
  let prev = GENESIS;
  let count = 0;
  let broken: Break | null = null;
  const hashes = new Map<number, string>();

  return {
    /** Call with the chain positions a checkpoint names before feeding, to remember their hashes. */
    watch(pos: number) {
      hashes.set(pos, '');
    },
    feed(e: ChainedEntry): void {
      count++;
      if (broken) return;
      const pos = e.chainPos ?? 0;
      if (pos !== expectedPos) {
        broken = {
          seq: null,
          chainPos: expectedPos,
          reason: `第 ${expectedPos} 条（链位置）缺失：链从第 ${expectedPos - 1} 条直接跳到第 ${pos} 条（seq ${e.seq}）`,
        };
        return;
      }
      if (e.prevHash !== prev) {
        broken = {
          seq: e.seq,
          chainPos: pos,
          reason: `第 ${pos} 条（seq ${e.seq}）记录的前一哈希与第 ${pos - 1} 条不符：其前一条被改动或删除`,
        };
        return;
      }
      const h = entryHash(e, pos, prev);
      if (h !== e.hash) {
        broken = {
          seq: e.seq,
          chainPos: pos,
          reason: `第 ${pos} 条（seq ${e.seq}）内容与其哈希不符：该条被改动`,
        };
        return;
      }
      if (hashes.has(pos)) hashes.set(pos, h);
      prev = h;
      expectedPos = pos + 1;
    },
    /** Entries seen, the verified head, and the first break. */
    result() {
      return {
        count,
        head: expectedPos > 1 ? { chainPos: expectedPos - 1, hash: prev } : null,
        broken,
        /** Hash at each watched position, as verified ('' when not reached). */
        hashAt: (pos: number) => hashes.get(pos) ?? '',
      };
    },
  };
}

/** The bytes an audit checkpoint signs (SM2): the chain head at a moment, linked to the last one. */
export function checkpointMessage(c: {
  chainPos: number;
  headHash: string;
  signedAt: Date;
  prev: string | null;
}): string {
  return canonicalJson({
    format: 'tongban-audit-checkpoint/v1',
    chainPos: c.chainPos,
    headHash: c.headHash,
    signedAt: c.signedAt.toISOString(),
    prev: c.prev,
  });
}
