import Database from 'better-sqlite3';

/** Executions and time spent (ms) per SQL text while counting is on. */
export interface SqlStats {
  stop(): Map<string, { count: number; ms: number }>;
}

/**
 * Counts and times every better-sqlite3 statement execution (run/get/all/iterate) by SQL text, by wrapping
 * the Statement prototype, so the bench can report statements per message whatever Kysely or a
 * statement cache does above it.
 */
export function countSqlStatements(): SqlStats {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const counts = new Map<string, { count: number; ms: number }>();
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = proto[method]!;
    originals.set(method, original);
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const entry = counts.get(this.source) ?? { count: 0, ms: 0 };
      counts.set(this.source, entry);
      entry.count++;
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        // iterate() returns at once; its rows are read later and not timed.
        entry.ms += performance.now() - started;
      }
    };
  }
  return {
    stop() {
      for (const [method, original] of originals) proto[method] = original;
      return counts;
    },
  };
}
