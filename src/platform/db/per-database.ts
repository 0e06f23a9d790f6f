/**
 * One `T` per store handle for the life of the process (a cache, a group-commit writer, a batcher
 * of reads): created on first use, forgotten with the handle.
 */
export function perDatabase<Db extends object, T>(create: (db: Db) => T): (db: Db) => T {
  const instances = new WeakMap<Db, T>();
  return (db) => {
    let instance = instances.get(db);
    if (instance === undefined) {
      instance = create(db);
      instances.set(db, instance);
    }
    return instance;
  };
}
