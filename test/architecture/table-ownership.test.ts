import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The house rule "a module reads and writes only its own tables" checked on the SQL itself, beside
// dependency-cruiser's check of imports: a module owns the tables its `…Tables` types declare, no
// table has two owners, every migrated table has an owner, and a module's queries name only its own
// tables and the platform's event log.

const ROOT = new URL('../../', import.meta.url).pathname;
const MODULES = join(ROOT, 'src/modules');
const PLATFORM = join(ROOT, 'src/platform');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Table names declared by `type XTables = { name: {…}; … }` blocks (and PlatformTables). */
function declaredTables(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/type \w*Tables\s*=\s*\{([\s\S]*?)\n\};/g)) {
    for (const k of m[1]!.matchAll(/^ {2}(\w+): \{/gm)) out.push(k[1]!);
  }
  return out;
}

/** Tables a source names in Kysely calls or in SQL text. */
function usedTables(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(
    /\.(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*'(\w+)/g,
  ))
    out.add(m[1]!);
  for (const tpl of source.matchAll(/sql(?:<[^>]*>)?`([^`]*)`/g)) {
    for (const m of tpl[1]!.matchAll(/\b(?:from|join|into|update)\s+([a-z_][a-z0-9_]*)/gi)) out.add(m[1]!);
  }
  return [...out];
}

const modules = readdirSync(MODULES).filter((m) => statSync(join(MODULES, m)).isDirectory());
const owners = new Map<string, string[]>();
const own = (table: string, owner: string) => owners.set(table, [...(owners.get(table) ?? []), owner]);
for (const f of files(PLATFORM)) for (const t of declaredTables(readFileSync(f, 'utf8'))) own(t, 'platform');
for (const m of modules)
  for (const f of files(join(MODULES, m))) for (const t of declaredTables(readFileSync(f, 'utf8'))) own(t, m);

/**
 * Known violations being removed, each with the issue that removes it (none today: licences now asks
 * identity for holders). A new entry needs a reason and an issue that removes it.
 */
const KNOWN: Record<string, string[]> = {};

describe('table ownership', () => {
  it('gives every table one owner', () => {
    const shared = [...owners].filter(
      ([table, o]) => new Set(o.filter((x) => !KNOWN[x]?.includes(table))).size > 1,
    );
    expect(shared).toEqual([]);
  });

  it('gives every migrated table an owner', () => {
    const migrated = readdirSync(join(ROOT, 'migrations'))
      .filter((f) => f.endsWith('.sql'))
      .flatMap((f) =>
        [
          ...readFileSync(join(ROOT, 'migrations', f), 'utf8').matchAll(
            /create table (?:if not exists )?(\w+)/gi,
          ),
        ].map((m) => m[1]!),
      );
    expect(migrated.filter((t) => !owners.has(t))).toEqual([]);
  });

  it.each(modules)('lets module %s query only its own tables and the event log', (m) => {
    const foreign = new Set<string>();
    for (const f of files(join(MODULES, m))) {
      for (const t of usedTables(readFileSync(f, 'utf8'))) {
        const o = owners.get(t);
        if (!o) continue; // a CTE or alias, not a table
        if (o.includes(m) || t === 'events' || KNOWN[m]?.includes(t)) continue;
        foreign.add(t);
      }
    }
    expect([...foreign]).toEqual([]);
  });

  it('names every module and its tables in the module map of docs/architecture.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const map = doc.slice(doc.indexOf('## Module map'));
    const rows = new Map(
      [...map.matchAll(/^\| (\w+) +\|[^|]*\|([^|]*)\|$/gm)].map((m) => [
        m[1]!,
        m[2]!.split(',').map((x) => x.trim()),
      ]),
    );
    const missing: string[] = [];
    for (const m of [...modules, 'platform']) {
      if (!rows.has(m)) missing.push(`module ${m}`);
      for (const [table, o] of owners)
        if (o.includes(m) && !rows.get(m)?.includes(table)) missing.push(`${m}: ${table}`);
    }
    expect(missing).toEqual([]);
  });

  it('still finds what it is looking for (the parser sees the tables of a known repo)', () => {
    expect(owners.get('cases')).toEqual(['cases']);
    expect(usedTables("db.selectFrom('cases'); sql`select 1 from case_steps s join licences l`")).toEqual([
      'cases',
      'case_steps',
      'licences',
    ]);
  });
});
