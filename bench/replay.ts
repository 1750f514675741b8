// The fair floor for bench/cases.ts: the statements one submit + accept pair sends, read back from
// PostgreSQL's statement log (log_statement = 'all'), turned into a pgbench custom script. Nothing here
// is written by hand from the app's code: what the app sends is what pgbench replays.

/** One statement as the server executed it, with its bind parameters (null = SQL NULL). */
export interface LoggedStatement {
  /** The log line prefix (log_line_prefix expanded: time, [pid], user@database). */
  prefix: string;
  sql: string;
  params: (string | null)[];
}

/** Severity words PostgreSQL writes after the prefix; the message follows two spaces later. */
const LEVEL =
  /(?:^|\s)(LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|NOTICE|FATAL|PANIC|DEBUG\d?|INFO): {2}/;

/**
 * Statements of one database from a piece of a stderr-format server log. Entries continue on lines
 * starting with a tab (elog.c indents every line after the first). `execute` entries take their
 * parameters from the DETAIL entry that follows them from the same session (same [pid]).
 */
export function parseStatementLog(text: string, database: string): LoggedStatement[] {
  const entries: { prefix: string; level: string; message: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('\t') && entries.length) {
      entries[entries.length - 1]!.message += `\n${line.slice(1)}`;
      continue;
    }
    const m = LEVEL.exec(line);
    if (!m) continue;
    entries.push({
      prefix: line.slice(0, m.index).trim(),
      level: m[1]!,
      message: line.slice(m.index + m[0].length),
    });
  }
  const ofDatabase = new RegExp(`(^|[@\\s])${database.replace(/\W/g, '\\$&')}(\\s|$)`);
  const out: LoggedStatement[] = [];
  const pending = new Map<string, LoggedStatement>();
  // The session of an entry: its [pid] (log_line_prefix %p), else its whole prefix.
  const session = (prefix: string) => /\[(\d+)\]/.exec(prefix)?.[1] ?? prefix;
  for (const e of entries) {
    if (!ofDatabase.test(e.prefix)) continue;
    const key = session(e.prefix);
    if (e.level === 'LOG') {
      pending.delete(key);
      // log_min_duration_statement = 0 writes "duration: 0.1 ms  execute …" instead.
      const message = e.message.replace(/^duration: [\d.]+ ms {2}/, '');
      const simple = /^statement: ([\s\S]*)$/.exec(message);
      const extended = /^execute [^:]*: ([\s\S]*)$/.exec(message);
      if (simple) out.push({ prefix: e.prefix, sql: simple[1]!, params: [] });
      else if (extended) {
        const s: LoggedStatement = { prefix: e.prefix, sql: extended[1]!, params: [] };
        out.push(s);
        pending.set(key, s);
      }
    } else if (e.level === 'DETAIL' && e.message.startsWith('parameters: ')) {
      const s = pending.get(key);
      if (s) s.params = parseParameters(e.message.slice('parameters: '.length));
      pending.delete(key);
    }
  }
  return out;
}

/** `$1 = 'a''b', $2 = NULL` → ['a\'b', null], in parameter order. */
export function parseParameters(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const head = /^\$(\d+) = /.exec(text.slice(i));
    if (!head) throw new Error(`unreadable parameters at ${i}: ${text.slice(i, i + 40)}`);
    const n = Number(head[1]);
    i += head[0].length;
    let value: string | null;
    if (text.startsWith('NULL', i)) {
      value = null;
      i += 4;
    } else if (text[i] === "'") {
      let v = '';
      i++;
      for (;;) {
        const q = text.indexOf("'", i);
        if (q < 0) throw new Error('unterminated parameter value');
        v += text.slice(i, q);
        if (text[q + 1] === "'") {
          v += "'";
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = v;
    } else throw new Error(`unreadable parameter $${n}`);
    out[n - 1] = value;
    if (text.startsWith(', ', i)) i += 2;
  }
  return out;
}

export interface PgbenchScript {
  /** The script for `pgbench -f`; statements end in `;`, parameters are pgbench variables. */
  script: string;
  /** Constant parameter values, for `-D name=value`. */
  defines: Record<string, string>;
  /** How many distinct new ids each transaction draws (gen_random_uuid(), one \gset statement). */
  freshIds: number;
  /** Statements of the captured pair (the script adds one when freshIds > 0). */
  statements: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSERTS = /^\s*(with\b[\s\S]*\binsert\s+into\b|insert\s+into\b)/i;

/**
 * The captured statements as a pgbench script, for `-M prepared`: every bind parameter becomes a
 * pgbench variable, which pgbench sends as an untyped text parameter exactly as node-postgres does,
 * so the server infers the same types and plans the same statements. A UUID first seen as a
 * parameter of an INSERT is an id the pair created (case, materials, steps, events, audit rows):
 * each transaction draws new ones with gen_random_uuid(), so its inserts never collide with another
 * transaction's; every later use of that id (the accept's lookups and updates) uses the same
 * variable; a value that embeds such an id (an audit entry's object `case:<id>`) is rebuilt around the
 * new one. Every other value (session token hash, applicant, file id, form JSON) stays as captured.
 */
export function toPgbenchScript(statements: LoggedStatement[]): PgbenchScript {
  // First pass: which values are ids the pair created (first seen as a parameter of an INSERT).
  const seen = new Set<string>();
  const fresh = new Map<string, string>();
  for (const s of statements)
    for (const v of s.params) {
      if (v === null || seen.has(v)) continue;
      seen.add(v);
      if (UUID.test(v) && INSERTS.test(s.sql)) fresh.set(v, `id${fresh.size + 1}`);
    }
  const constants = new Map<string, string>();
  /** Values that embed a new id (an audit entry's object `case:<id>`): rebuilt per transaction. */
  const derived = new Map<string, { name: string; template: string }>();
  const defines: Record<string, string> = {};
  const nameOf = (v: string) => {
    const known = fresh.get(v) ?? constants.get(v) ?? derived.get(v)?.name;
    if (known) return known;
    if ([...fresh.keys()].some((id) => v.includes(id))) {
      const d = { name: `d${derived.size + 1}`, template: `t${derived.size + 1}` };
      derived.set(v, d);
      defines[d.template] = v;
      return d.name;
    }
    const name = `p${constants.size + 1}`;
    constants.set(v, name);
    defines[name] = v;
    return name;
  };
  const lines: string[] = [];
  for (const s of statements) {
    const names = s.params.map((v) => (v === null ? null : nameOf(v)));
    let sql = s.sql.trim().replace(/;\s*$/, '');
    // pgbench would read ":word" in the text itself as a variable (and fail on an undefined one).
    const stray = /(?<!:):(?!:)[A-Za-z0-9_]/.exec(sql.replace(/'(?:[^']|'')*'/g, "''"));
    if (stray)
      throw new Error(`statement has "${stray[0]}", which pgbench reads as a variable: ${sql.slice(0, 80)}`);
    sql = sql.replace(/\$(\d+)(?!\d)/g, (_, n: string) => {
      const i = Number(n) - 1;
      if (i >= s.params.length) throw new Error(`$${n} without a logged value: ${sql.slice(0, 80)}`);
      const name = names[i];
      return name === null ? 'NULL' : `:${name}`;
    });
    lines.push(`${sql};`);
  }
  if (fresh.size) {
    const ids = [...fresh.values()];
    const rebuilt = [...derived].map(([value, d]) => {
      let e = `:${d.template}`;
      for (const [id, name] of fresh) if (value.includes(id)) e = `replace(${e}, '${id}', ${name}::text)`;
      return `${e} as ${d.name}`;
    });
    const draws = ids.map((name) => `gen_random_uuid() as ${name}`).join(', ');
    lines.unshift(`select ${[...ids, ...rebuilt].join(', ')} from (select ${draws}) as fresh \\gset`);
  }
  return {
    script: `${lines.join('\n')}\n`,
    defines,
    freshIds: fresh.size,
    statements: statements.length,
  };
}
