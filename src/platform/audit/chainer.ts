import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { transaction } from '../db/unit-of-work.js';
import { link } from './chain.js';
import { auditTables, ENTRY_COLUMNS, type EntryRow, toEntry } from './tables.js';

const BATCH = 500;

/**
 * One chainer at a time per schema, across processes: a second caller (another process's job, a
 * shutdown pass) finds the lock taken and leaves the work to the holder.
 */
const CHAIN_LOCK = sql<{
  locked: boolean;
}>`select pg_try_advisory_xact_lock(hashtext('tongban.audit.chain:' || current_schema())) as locked`;

export async function chainHead(db: Db): Promise<{ chainPos: number; hash: string } | null> {
  const row = await auditTables(db)
    .selectFrom('audit_log')
    .select(['chain_pos', 'hash'])
    .where('chain_pos', 'is not', null)
    .orderBy('chain_pos', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.chain_pos != null && row.hash ? { chainPos: Number(row.chain_pos), hash: row.hash } : null;
}

/**
 * Links every committed entry not yet chained, after the current head, in the order this pass sees
 * them (seq order among the visible ones). Sequence values commit out of order — a transaction that
 * took seq 5 may commit after the one that took seq 6 was chained — so the chain position is the
 * chainer's own counter, never the seq: a row that commits late is simply linked by a later pass,
 * and no row is ever skipped.
 */
export async function chainPending(db: Db): Promise<{ chained: number; head: number | null }> {
  let chained = 0;
  let head: number | null = null;
  for (;;) {
    const n = await transaction(db, async (tx) => {
      const { rows } = await CHAIN_LOCK.execute(tx);
      if (!rows[0]?.locked) return -1;
      const t = auditTables(tx);
      const top = await chainHead(tx);
      head = top?.chainPos ?? null;
      const pending = (await t
        .selectFrom('audit_log')
        .select([...ENTRY_COLUMNS])
        .where('hash', 'is', null)
        .orderBy('seq')
        .limit(BATCH)
        .execute()) as EntryRow[];
      if (pending.length === 0) return 0;
      const links = link(top, pending.map(toEntry));
      const values = sql.join(
        links.map((l) => sql`(${l.seq}::bigint, ${l.chainPos}::bigint, ${l.prevHash}, ${l.hash})`),
      );
      await sql`update audit_log a
        set chain_pos = v.pos, prev_hash = v.prev, hash = v.hash, chained_at = now()
        from (values ${values}) as v(seq, pos, prev, hash)
        where a.seq = v.seq`.execute(tx);
      head = links[links.length - 1]!.chainPos;
      return pending.length;
    });
    if (n <= 0) break;
    chained += n;
    if (n < BATCH) break;
  }
  return { chained, head };
}
