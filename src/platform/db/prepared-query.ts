import { createQueryId, type Compilable, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';

/** A query compiled once and run with new parameter values; see {@link preparedQuery}. */
export type PreparedQuery<DB, Args extends readonly unknown[], Row> = (db: Kysely<DB>, ...args: Args) => Promise<QueryResult<Row>>;

/**
 * A Kysely query built and compiled once per dialect, then run with each call's values. Building
 * and compiling a query through Kysely's builder costs about 20 µs, more than SQLite takes to run
 * a prepared primary-key lookup; the send pipeline's hottest statements (a few per message) use
 * this so only the execution is paid per call.
 *
 * `build` receives one placeholder per argument, in order, and must use each placeholder only
 * as a plain value (`where(col, '=', x)`, `set({ col: x })`) — not in `in` lists, arithmetic or
 * conditions of the JavaScript code building the query, since it is not the real value. The
 * compiled parameters holding a placeholder are replaced by the call's arguments; the other
 * parameters (constants written in `build`) are kept.
 */
export function preparedQuery<DB, Args extends readonly unknown[], Row>(
  arity: Args['length'],
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): PreparedQuery<DB, Args, Row> {
  const placeholders = Array.from({ length: arity }, (_, i) => Object.freeze({ preparedQueryPlaceholder: i }));
  const slots = new Map<unknown, number>(placeholders.map((p, i) => [p, i]));
  // One compilation per dialect adapter: a transaction shares its database's adapter.
  const compiled = new WeakMap<object, { readonly query: CompiledQuery<Row>; readonly positions: readonly (number | undefined)[] }>();
  return async (db, ...args) => {
    const executor = db.getExecutor();
    // A plugin (withSchema, camel case…) rewrites queries per instance: no sharing then.
    if (executor.plugins.length > 0) return db.executeQuery<Row>(build(db, ...args));
    const adapter = executor.adapter as object;
    let entry = compiled.get(adapter);
    if (!entry) {
      const query = build(db, ...(placeholders as unknown as Args)).compile();
      const positions = query.parameters.map((p) => slots.get(p));
      const used = new Set(positions.filter((p) => p !== undefined));
      if (used.size !== arity) throw new Error(`preparedQuery: ${arity - used.size} placeholder(s) did not become parameters of ${query.sql}`);
      entry = { query, positions };
      compiled.set(adapter, entry);
    }
    const { query, positions } = entry;
    const parameters = query.parameters.map((value, i) => {
      const slot = positions[i];
      return slot === undefined ? value : args[slot];
    });
    return db.executeQuery<Row>({ ...query, parameters, queryId: createQueryId() });
  };
}

/**
 * {@link preparedQuery} for a statement whose number of values varies (an `in` list): one
 * compiled statement per argument count. Callers pad their lists (see {@link padToPowerOfTwo}) so
 * only a handful of counts occur.
 */
export function preparedQueryFamily<DB, Args extends readonly unknown[], Row>(
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): PreparedQuery<DB, Args, Row> {
  const byCount = new Map<number, PreparedQuery<DB, Args, Row>>();
  return (db, ...args) => {
    let query = byCount.get(args.length);
    if (!query) {
      query = preparedQuery<DB, Args, Row>(args.length, build);
      byCount.set(args.length, query);
    }
    return query(db, ...args);
  };
}

/** `values` padded to the next power of two by repeating the last one, so few SQL texts exist per statement. */
export function padToPowerOfTwo<T>(values: readonly T[]): T[] {
  const padded = [...values];
  let size = 1;
  while (size < padded.length) size *= 2;
  while (padded.length < size && padded.length > 0) padded.push(values[values.length - 1]!);
  return padded;
}
