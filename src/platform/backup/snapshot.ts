/**
 * What a backup must bring back: every table's row count and the audit chain's head, read inside
 * the snapshot the dump is taken from, compared after a restore.
 */
export interface DatabaseSummary {
  tables: Record<string, number>;
  auditHead: { chainPos: number; hash: string } | null;
}

/** Runs one SQL text and returns its rows (a pg client or a PGlite instance behind it). */
export type RawQuery = (text: string) => Promise<Record<string, unknown>[]>;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function summarize(query: RawQuery): Promise<DatabaseSummary> {
  const names = await query(
    `select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const tables: Record<string, number> = {};
  for (const r of names) {
    const name = String(r.name);
    const [row] = await query(`select count(*)::text as n from ${ident(name)}`);
    tables[name] = Number(row?.n ?? 0);
  }
  let auditHead: DatabaseSummary['auditHead'] = null;
  if ('audit_log' in tables) {
    const [h] = await query(
      `select chain_pos::text as pos, hash from audit_log where chain_pos is not null order by chain_pos desc limit 1`,
    );
    if (h) auditHead = { chainPos: Number(h.pos), hash: String(h.hash) };
  }
  return { tables, auditHead };
}

/** Differences between two summaries, in Chinese for the operator; empty when they agree. */
export function compareSummaries(expected: DatabaseSummary, actual: DatabaseSummary): string[] {
  const out: string[] = [];
  for (const [name, n] of Object.entries(expected.tables)) {
    if (!(name in actual.tables)) out.push(`表 ${name} 缺失（备份中 ${n} 行）`);
    else if (actual.tables[name] !== n)
      out.push(`表 ${name}：备份中 ${n} 行，恢复后 ${actual.tables[name]} 行`);
  }
  for (const name of Object.keys(actual.tables))
    if (!(name in expected.tables)) out.push(`表 ${name} 不在备份中`);
  const a = expected.auditHead;
  const b = actual.auditHead;
  if ((a?.chainPos ?? 0) !== (b?.chainPos ?? 0) || (a?.hash ?? '') !== (b?.hash ?? ''))
    out.push(
      `审计链头不一致：备份中第 ${a?.chainPos ?? 0} 条 ${a?.hash.slice(0, 16) ?? '-'}，恢复后第 ${b?.chainPos ?? 0} 条 ${b?.hash.slice(0, 16) ?? '-'}`,
    );
  return out;
}
