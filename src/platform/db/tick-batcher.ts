/**
 * Merges the lookups asked for in one turn of the event loop into one query. The send pipeline
 * runs dozens of jobs at once, and they start in bursts (a group commit finishes several at a
 * time); each reads its outbox row and checks suppressions before anything else. One statement
 * for a burst costs SQLite about the same as one for a single key, and saves the per-statement
 * overhead (Kysely's executor, the driver, the binding) for every other key.
 *
 * The values are as fresh as without batching: the query runs when the turn ends, after every
 * caller asked, never from a cache. A failed query fails every caller of that batch.
 */
export class TickBatcher<K, V> {
  private pending = new Map<K, Array<{ resolve: (value: V | undefined) => void; reject: (error: unknown) => void }>>();
  private scheduled = false;

  /** `load` returns the values found for `keys` (a key it omits resolves as undefined). */
  constructor(
    private readonly load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
    private readonly maxBatch = 128,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    for (let at = 0; at < keys.length; at += this.maxBatch) {
      const slice = keys.slice(at, at + this.maxBatch);
      const settle = (each: (waiter: { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }, key: K) => void) => {
        for (const key of slice) for (const waiter of batch.get(key) ?? []) each(waiter, key);
      };
      this.load(slice).then(
        (found) => settle((waiter, key) => waiter.resolve(found.get(key))),
        (error: unknown) => settle((waiter) => waiter.reject(error)),
      );
    }
  }
}
