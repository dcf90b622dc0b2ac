/** The type and declaration helpers of hand-written statements (the `*.sql.ts` homes import only this). */

declare const ROW: unique symbol;

/**
 * A hand-written statement and the row type it answers: only `sql()` (and the builders) make one, so `select` and
 * `execute` take nothing but the statements of the `*.sql.ts` homes, never a string put together elsewhere.
 */
export type Sql<Row = unknown> = string & { readonly [ROW]: Row };

/** Declares a statement of a `*.sql.ts` home with its row type (derive it from the entity: `Pick<Order, ...>`). */
export function sql<Row = unknown>(text: string): Sql<Row> {
  return text as Sql<Row>;
}

/**
 * A statement built per call (IN lists, optional clauses). `examples` are argument lists the schema check
 * (test/foundation/sql-schema.int-spec.ts) prepares against the migrated database: give one per shape.
 */
export type SqlFn<A extends unknown[], R> = ((...args: A) => R) & { readonly examples: readonly A[] };

export function sqlFn<A extends unknown[], R>(build: (...args: A) => R, examples: readonly A[]): SqlFn<A, R> {
  return Object.assign(build, { examples });
}

const MARKS_KEPT = 256;
const markLists: string[] = [];

/** `?, ?, ?` for an IN list or a VALUES tuple of n values (the short ones made once: builders run per request). */
export function marks(n: number): string {
  const kept = markLists[n];
  if (kept !== undefined) return kept;
  const text = Array.from({ length: n }, () => '?').join(', ');
  if (n <= MARKS_KEPT) markLists[n] = text;
  return text;
}

/**
 * The SQL literals of a state module's values, built at module load (`${S.on_sale}` reads `'on_sale'`): statements
 * name states through the module that defines them, so a typo does not compile and a renamed state moves the SQL.
 */
export function sqlLiterals<const V extends string>(values: readonly V[]): { readonly [K in V]: string } {
  return Object.fromEntries(
    values.map((v) => {
      if (!/^[a-z_]+$/.test(v)) throw new Error(`not a plain state name: ${v}`);
      return [v, `'${v}'`];
    }),
  ) as { readonly [K in V]: string };
}
