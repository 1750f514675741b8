import { type Kysely, sql } from 'kysely';

/**
 * Tables whose rows change on reads by design: a session's last-seen time moves with every
 * authenticated request (the idle timeout), and jobs are claimed by the runner.
 */
const ROW_COUNT_ONLY = new Set(['sessions', 'jobs']);

/**
 * The audit trail (issue 9 §7) records refused attempts by design (a failed login, a forbidden
 * read): a refusal that appends to it has still changed nothing else.
 */
const RECORDS_OF_ATTEMPTS = /^audit/;

/**
 * One round trip: every table's row count and, except the ones above, a hash of its contents, so a
 * refused request that inserted, deleted or updated anything shows up as a difference.
 */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export async function tableFingerprint(db: Kysely<any>): Promise<Record<string, string>> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((name) => !RECORDS_OF_ATTEMPTS.test(name));
  const parts = tables.map((name) =>
    ROW_COUNT_ONLY.has(name)
      ? `(select count(*)::text from ${ident(name)}) as ${ident(name)}`
      : `(select count(*)::text || ':' || coalesce(sum(hashtext(t::text)::bigint), 0)::text from ${ident(name)} t) as ${ident(name)}`,
  );
  const row = (await sql<Record<string, string>>`select ${sql.raw(parts.join(', '))}`.execute(db)).rows[0];
  return row ?? {};
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected table name ${name}`);
  return `"${name}"`;
};
