/**
 * Everything the benchmark starts registers its own undo here; `runCleanups` runs them newest
 * first, each bounded by a timeout, so a failure half-way still leaves no sink, child process,
 * schema or queue behind.
 */
type Cleanup = { name: string; run: () => Promise<void> | void };

const cleanups: Cleanup[] = [];

/** Registers an undo step; returns a function that runs it now (and unregisters it). */
export function onCleanup(name: string, run: () => Promise<void> | void): () => Promise<void> {
  const entry = { name, run };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
    await bounded(entry, 15_000);
  };
}

async function bounded(entry: Cleanup, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(entry.run),
      new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`cleanup "${entry.name}" took longer than ${ms} ms`)), ms);
      }),
    ]);
  } catch (error) {
    process.stderr.write(`bench: cleanup ${entry.name} failed: ${(error as Error).message}\n`);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every registered cleanup, newest first. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const entry = cleanups.pop();
    if (entry) await bounded(entry, 15_000);
  }
}
