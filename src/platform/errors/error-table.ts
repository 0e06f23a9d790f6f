/** How one error code behaves wherever it is raised. */
export interface ErrorSpec {
  /** Whether doing the same thing again later may succeed (a transient fault, a rate limit). */
  readonly retryable: boolean;
  /** HTTP status the API answers with when this error reaches a client. */
  readonly http: number;
  /** What the code means and what the user should do; shown in docs/errors.md. */
  readonly description: string;
}

/** A layer's or module's table of error codes: `UPPER_SNAKE` code → behaviour. */
export type ErrorTable = Readonly<Record<string, ErrorSpec>>;

/**
 * Every error code of the program, as a type. Empty here: each table adds its codes by declaration
 * merging next to its {@link defineErrors} call, so platform code needs nothing from the layers
 * above to type a code, and a code raised anywhere is checked against the tables at compile time:
 *
 * ```ts
 * export const inboxErrors = defineErrors({ INBOX_PASSWORD_REQUIRED: { … } });
 * type InboxErrors = typeof inboxErrors;
 * declare module '../../platform/errors/error-table.js' {
 *   interface ErrorCodes extends InboxErrors {}
 * }
 * ```
 */
// Filled by declaration merging (see above).
export interface ErrorCodes {}

/** Every stable error code (the keys of every table registered in {@link ErrorCodes}). */
export type ErrorCode = keyof ErrorCodes & string;

const specs = new Map<string, { readonly spec: ErrorSpec; readonly table: ErrorTable }>();

/**
 * Declares a table of error codes and registers them, so a {@link TidingsError} raised with one of
 * them knows its HTTP status and whether it is retryable without a project-wide list. Returns the
 * table (frozen) for the app's merged registry and the docs. A code defined by two tables throws
 * at load time: codes are unique across the program.
 */
export function defineErrors<const T extends ErrorTable>(table: T): T {
  for (const [code, spec] of Object.entries(table)) {
    const known = specs.get(code);
    if (known && known.table !== table) throw new Error(`error code ${code} is defined twice`);
    specs.set(code, { spec, table });
  }
  return Object.freeze(table);
}

/** The spec registered for `code`, or undefined when no loaded table defines it. */
export function errorSpec(code: string): ErrorSpec | undefined {
  return specs.get(code)?.spec;
}
