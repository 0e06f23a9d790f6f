// Imports a customers CSV (`tidings customers import`'s code path, src/customers importCustomers)
// into a fresh SQLite store, in its own process so its peak RSS is the import's alone. The CSV is
// written by the parent (bench/memory.ts) before this starts. Prints one JSON line.
//
// Started with Tidings' node flags (src/main.ts's `#!` line) by bench/lib/child.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
const { importCustomers } = await import('../src/modules/customers/index.js');
const { onCleanup, runCleanups } = await import('./lib/cleanup.js');
const { openSqliteStore } = await import('./lib/fixture.js');

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const value = argv[argv.indexOf(`--${name}`) + 1];
  if (!argv.includes(`--${name}`) || value === undefined) throw new Error(`import.child: --${name} is required`);
  return value;
};
let sampled = process.memoryUsage.rss();
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 100);
try {
  const rows = Number(flag('rows'));
  const path = join(flag('dir'), `import-${rows}-${process.pid}.db`);
  onCleanup(`import db ${path}`, () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  });
  const store = await openSqliteStore(path);
  const started = Date.now();
  const result = await importCustomers(store.db, flag('csv'), { region: 'CN' });
  const ms = Date.now() - started;
  clearInterval(sampler);
  process.stdout.write(
    `${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, sampledPeakMb: Math.max(sampled, process.memoryUsage.rss()) / 1024 / 1024, ms, imported: result.imported, failed: result.failed })}\n`,
  );
} finally {
  clearInterval(sampler);
  await runCleanups();
}
