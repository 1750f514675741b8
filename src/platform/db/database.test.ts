import { describe, expect, it } from 'vitest';
import { preparable } from './database.js';

describe('which texts get a name on the connection', () => {
  it('names texts whose shape is fixed', () => {
    expect(preparable('select "id", "name" from "cases" where "id" = $1')).toBe(true);
    expect(preparable('insert into "files" ("id", "sha256") values ($1, $2) returning "id"')).toBe(true);
    expect(preparable('select "id" from "cases" where "id" in ($1)')).toBe(true);
  });

  it('leaves unnamed the texts whose length follows the data', () => {
    expect(preparable('select "id" from "cases" where "id" in ($1, $2, $3)')).toBe(false);
    expect(preparable('select "id" from "cases" where "region_code" not in ($4, $5)')).toBe(false);
    expect(preparable('insert into "steps" ("a", "b") values ($1, $2), ($3, $4)')).toBe(false);
    expect(preparable('update t set x = v.x from (values ($1::bigint, $2), ($3::bigint, $4)) as v')).toBe(
      false,
    );
  });
});
