/**
 * Every column of a table, spelled out: statements name their columns instead of `select *`, so a
 * prepared plan survives a migration that adds a column (PostgreSQL refuses to run a cached
 * `select *` plan whose result type changed). The compiler checks the list is complete, so a row
 * read this way keeps the table type's shape.
 */
export function columnsOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    cols: K &
      ([Exclude<keyof T & string, K[number]>] extends [never]
        ? unknown
        : { missingColumns: Exclude<keyof T & string, K[number]> }),
  ): K => cols;
}

/** The same list qualified by a table alias (`c.id`, …) for joined or aliased queries. */
export function qualified<const A extends string, const K extends readonly string[]>(
  alias: A,
  cols: K,
): readonly `${A}.${K[number]}`[] {
  return cols.map((c) => `${alias}.${c}`) as `${A}.${K[number]}`[];
}
