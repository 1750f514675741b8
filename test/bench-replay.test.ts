import { describe, expect, it } from 'vitest';
import { parseParameters, parseStatementLog, toPgbenchScript } from '../bench/replay.js';

// A piece of a Debian server log (log_line_prefix '%m [%p] %q%u@%d '): two sessions of the bench
// database interleaved with one of another database, a multi-line statement continued with tabs.
const LOG = [
  '2026-12-04 19:32:34.150 UTC [101] postgres@tongban_replay LOG:  execute <unnamed>: select * from "files" where "id" = $1',
  '2026-12-04 19:32:34.151 UTC [102] postgres@tongban_replay LOG:  statement: begin',
  "2026-12-04 19:32:34.151 UTC [101] postgres@tongban_replay DETAIL:  parameters: $1 = '5f0c2f4e-1b7a-4c52-9d1e-0a6b7c8d9e0f'",
  '2026-12-04 19:32:34.152 UTC [103] postgres@test LOG:  statement: select 1',
  '2026-12-04 19:32:34.153 UTC [102] postgres@tongban_replay LOG:  execute S_1: insert into "cases" ("id", "form", "note")',
  '\tvalues ($1, $2, $3)',
  "2026-12-04 19:32:34.153 UTC [102] postgres@tongban_replay DETAIL:  parameters: $1 = '0b8e7c3a-2d1f-4e5a-8b9c-1d2e3f4a5b6c', $2 = '{\"a\": \"it''s, ok\"}', $3 = NULL",
  '2026-12-04 19:32:34.154 UTC [102] postgres@tongban_replay LOG:  execute <unnamed>: update "cases" set "status" = $2 where "id" = $1',
  "2026-12-04 19:32:34.154 UTC [102] postgres@tongban_replay DETAIL:  parameters: $1 = '0b8e7c3a-2d1f-4e5a-8b9c-1d2e3f4a5b6c', $2 = 'accepted'",
  '2026-12-04 19:32:34.155 UTC [102] postgres@tongban_replay LOG:  execute <unnamed>: insert into "audit_log" ("object") values ($1)',
  "2026-12-04 19:32:34.155 UTC [102] postgres@tongban_replay DETAIL:  parameters: $1 = 'case:0b8e7c3a-2d1f-4e5a-8b9c-1d2e3f4a5b6c'",
  '2026-12-04 19:32:34.155 UTC [102] postgres@tongban_replay LOG:  statement: commit',
  '',
].join('\n');

describe('bench replay: statement log to pgbench script', () => {
  it('reads quoted, doubled-quote, comma-holding and NULL parameter values in order', () => {
    expect(parseParameters("$1 = 'a, b', $2 = NULL, $3 = 'it''s'")).toEqual(['a, b', null, "it's"]);
  });

  it("keeps only the bench database's statements, joins continued lines, pairs each execute with its own session's parameters", () => {
    const s = parseStatementLog(LOG, 'tongban_replay');
    expect(s.map((x) => x.sql)).toEqual([
      'select * from "files" where "id" = $1',
      'begin',
      'insert into "cases" ("id", "form", "note")\nvalues ($1, $2, $3)',
      'update "cases" set "status" = $2 where "id" = $1',
      'insert into "audit_log" ("object") values ($1)',
      'commit',
    ]);
    expect(s[0]!.params).toEqual(['5f0c2f4e-1b7a-4c52-9d1e-0a6b7c8d9e0f']);
    expect(s[2]!.params).toEqual(['0b8e7c3a-2d1f-4e5a-8b9c-1d2e3f4a5b6c', '{"a": "it\'s, ok"}', null]);
  });

  it('draws a new id per transaction for ids the pair inserted, rebuilds values embedding one, keeps looked-up values constant and BEGIN/COMMIT', () => {
    const r = toPgbenchScript(parseStatementLog(LOG, 'tongban_replay'));
    expect(r.freshIds).toBe(1);
    expect(r.script.split('\n')).toEqual([
      "select id1, replace(:t1, '0b8e7c3a-2d1f-4e5a-8b9c-1d2e3f4a5b6c', id1::text) as d1 from (select gen_random_uuid() as id1) as fresh \\gset",
      'select * from "files" where "id" = :p1;',
      'begin;',
      'insert into "cases" ("id", "form", "note")',
      'values (:id1, :p2, NULL);',
      'update "cases" set "status" = :p3 where "id" = :id1;',
      'insert into "audit_log" ("object") values (:d1);',
      'commit;',
      '',
    ]);
    expect(r.defines).toEqual({
      p1: '5f0c2f4e-1b7a-4c52-9d1e-0a6b7c8d9e0f',
      p2: '{"a": "it\'s, ok"}',
      p3: 'accepted',
      t1: 'case:0b8e7c3a-2d1f-4e5a-8b9c-1d2e3f4a5b6c',
    });
  });

  it('refuses a statement whose text pgbench would misread as a variable', () => {
    expect(() =>
      toPgbenchScript([{ prefix: 'x@db', sql: "select to_char(now(), 'HH24') || x:y", params: [] }]),
    ).toThrow(/pgbench reads as a variable/);
  });
});
