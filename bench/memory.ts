// `node --import tsx bench/memory.ts [--campaigns 10000,1000000] [--max-seconds S] [--imports 10000,100000]
//   [--concurrency N] [--keep DIR] [--node-flags '--optimize-for-size'] [--tsx]`
// Memory of the send pipeline and the CSV import, each run in its own child process so its peak
// RSS is its own. Campaigns: customers are seeded into a SQLite file first (not timed; `--keep DIR`
// keeps and reuses the seeded files, so a second run skips a million inserts), then one embedded
// campaign to all of them goes to a local smtp-sink (bench/memory.child.ts). Imports: a generated
// customers CSV imported into a fresh store (bench/import.child.ts). Prints a table and one JSON
// line; the ratios are against the smallest run of each kind.
//
// The children run the way dist/tidings.js runs Tidings: bundled by esbuild (bench/lib/child.ts,
// npm packages external) and started by plain node with the node flags of src/main.ts's `#!` line
// (`--node-flags` replaces them; `--node-flags ''` = V8's defaults). `--tsx` runs them through
// tsx's loader instead (how they ran before 2026-11-22 20:00; ~65 MB more at start).
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { spawnBundled, spawnTs, waitForLine } from './lib/child.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { openSqliteStore, seedCustomers, seedMailAccount, seedTemplate } from './lib/fixture.js';
import { tidingsNodeFlags } from './lib/node-flags.js';
import { startSmtpSink } from './lib/smtp-sink.js';

const CAMPAIGN_CHILD = fileURLToPath(new URL('./memory.child.ts', import.meta.url));
const IMPORT_CHILD = fileURLToPath(new URL('./import.child.ts', import.meta.url));
const log = (line: string) => process.stderr.write(`memory: ${line}\n`);

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const list = (value: string | undefined, fallback: number[]) => (value === undefined ? fallback : value === '' ? [] : value.split(',').map(Number));
const campaigns = list(flag('campaigns'), [10_000]);
const imports = list(flag('imports'), [10_000, 100_000]);
const maxSeconds = flag('max-seconds');
const concurrency = Number(flag('concurrency') ?? 64);
const keep = flag('keep');
/** Node flags for the measured children, e.g. `--node-flags '--optimize-for-size'` (space-separated); default: tidings' own. */
const nodeFlags = flag('node-flags') === undefined ? tidingsNodeFlags() : String(flag('node-flags')).split(' ').filter(Boolean);
const viaTsx = argv.includes('--tsx');

/** Starts a measured child: bundled on plain node like dist/tidings.js, or under tsx with `--tsx`. */
async function spawnChild(entry: string, name: string, args: readonly string[]): Promise<ChildProcess> {
  return viaTsx ? spawnTs(entry, args, nodeFlags) : spawnBundled(entry, name, args, nodeFlags);
}

const dir = keep ?? mkdtempSync(join(tmpdir(), 'tidings-memory-'));
mkdirSync(dir, { recursive: true });
if (!keep) onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runCleanups().finally(() => process.exit(130)));

interface CampaignResult {
  maxRssMb: number;
  sampledPeakMb: number;
  /** Highest RSS sampled while the campaign ran (before a capped run's cancel). */
  runningPeakMb: number;
  ms: number;
  /** CPU time (user + system) of the campaign process from the campaign's start to its end or cap. */
  cpuMs: number;
  sent: number;
  total: number;
  capped: boolean;
  materialized: boolean;
  v8Flags: string[];
  /** Seconds after the campaign's start when the sampled peak was seen (negative: before it), and the heap then. */
  sampledPeakAtS: number;
  sampledPeakHeapMb: number;
  /** Memory breakdown at named points (start-up, runtime started, campaign over, the sampled peak). */
  phases?: Array<Record<string, number | string>>;
  timeline: Array<{ s: number; rssMb: number; heapMb: number; sent: number; cpuMs: number; materialised: boolean; anonMb: number; fileMb: number; shmemMb: number }>;
}

async function campaignRun(customers: number, sinkPort: number): Promise<CampaignResult> {
  const seeded = join(dir, `customers-${customers}.db`);
  if (!existsSync(seeded)) {
    log(`seeding ${customers} customers (not timed)…`);
    const store = await openSqliteStore(`${seeded}.tmp`);
    await seedCustomers(store.db, customers, 'bench.test', (done) => done % 100_000 === 0 && log(`  ${done} customers`));
    await seedTemplate(store.db);
    await store.close();
    copyFileSync(`${seeded}.tmp`, seeded);
    rmSync(`${seeded}.tmp`, { force: true });
  }
  // Every run works on a copy: the seeded file stays without outbox rows.
  const path = join(dir, `run-${customers}.db`);
  // A stale WAL next to a fresh copy would be replayed into it: remove the set, before and after.
  const removeRunDb = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  };
  removeRunDb();
  copyFileSync(seeded, path);
  onCleanup(`run db ${customers}`, removeRunDb);
  const store = await openSqliteStore(path);
  const accountId = await seedMailAccount(store.db, sinkPort);
  const version = await store.db.selectFrom('template_versions').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  await store.close();
  log(`campaign to ${customers} in a child process${maxSeconds ? ` (at most ${maxSeconds} s)` : ''}…`);
  const child = await spawnChild(CAMPAIGN_CHILD, 'bench-memory-child', [
    '--db', path, '--account', String(accountId), '--version', String(version.id), '--concurrency', String(concurrency), '--connections', '20',
    '--timeout', String(Math.max(120_000, customers * 20)), '--every', '10', ...(maxSeconds ? ['--max-seconds', maxSeconds] : []),
  ]);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const limitMs = maxSeconds ? Number(maxSeconds) * 1000 + 600_000 : Math.max(180_000, customers * 25);
  const [line] = await waitForLine(child, /\{.*"maxRssMb".*\}/, limitMs);
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  const result = JSON.parse(line) as CampaignResult;
  if (!result.capped && result.sent !== customers) throw new Error(`campaign ${customers}: ${result.sent} sent`);
  return result;
}

/** A customers CSV as a sales team exports it: name, mobile, email, company (UTF-8). */
async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('姓名,手机,邮箱,公司\n');
  for (let i = 0; i < rows; i++) {
    const line = `${FAMILY[i % FAMILY.length]}${GIVEN[(i >> 3) % GIVEN.length]},${13_800_000_000 + i},i${i}@import.test,${i % 4 === 0 ? `公司${i % 97}` : ''}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
const FAMILY = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '欧阳', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '军', '杰'];

async function importRun(rows: number): Promise<{ maxRssMb: number; ms: number; imported: number }> {
  const csv = join(dir, `customers-${rows}.csv`);
  if (!existsSync(csv)) await writeCsv(csv, rows);
  log(`CSV import of ${rows} rows in a child process…`);
  const child = await spawnChild(IMPORT_CHILD, 'bench-import-child', ['--dir', dir, '--rows', String(rows), '--csv', csv]);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const [line] = await waitForLine(child, /\{.*"maxRssMb".*\}/, Math.max(120_000, rows * 10));
  // Let it close its store and delete its files before the cleanup would stop it.
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  const result = JSON.parse(line) as { maxRssMb: number; ms: number; imported: number };
  if (result.imported !== rows) throw new Error(`import ${rows}: ${result.imported} imported`);
  return result;
}

const round = (n: number) => Math.round(n);
const machine = { nproc: cpus().length, memory_mb: round(totalmem() / 1024 / 1024), load_start: loadavg().map((n) => Math.round(n * 100) / 100) };
const summary: Record<string, unknown> = { ...machine, date: new Date().toISOString(), concurrency, node_flags: nodeFlags.join(' '), loader: viaTsx ? 'tsx' : 'bundle' };
const lines: string[] = [];
let exitCode = 0;
try {
  log(`machine: ${machine.nproc} cores, ${machine.memory_mb} MB, load ${machine.load_start.join(' ')}`);
  if (campaigns.length > 0) {
    const sink = await startSmtpSink();
    const results: Array<[number, CampaignResult]> = [];
    for (const n of campaigns) {
      const result = await campaignRun(n, sink.port);
      results.push([n, result]);
      const rate = Math.round((result.sent * 1000) / result.ms);
      lines.push(
        `campaign ${String(n).padStart(9)}  peak RSS ${round(result.maxRssMb)} MB (sampled ${round(result.sampledPeakMb)} at ${result.sampledPeakAtS} s with ${result.sampledPeakHeapMb} MB heap, while running ${round(result.runningPeakMb)})  ${result.sent} sent of ${result.total} in ${round(result.ms / 1000)} s (${rate}/s, ${result.sent > 0 ? round((result.cpuMs * 1000) / result.sent) : '-'} µs CPU per message)${result.capped ? `, stopped at the ${maxSeconds} s cap` : ''}; V8 flags set at start: ${result.v8Flags.join(' ') || 'none'}`,
      );
      for (const p of result.phases ?? []) {
        const { phase, ...rest } = p;
        lines.push(`    ${String(phase).padEnd(16)} ${Object.entries(rest).map(([k, v]) => `${k.replace(/Mb$/, '')} ${v}`).join(', ')}`);
      }
      let previous = { s: 0, sent: 0, cpuMs: 0 };
      for (const t of result.timeline) {
        // Per interval: messages per second, and the share of one core the process used.
        const seconds = Math.max(1, t.s - previous.s);
        const interval = `${Math.round((t.sent - previous.sent) / seconds)}/s  cpu ${Math.round((t.cpuMs - previous.cpuMs) / (seconds * 10))} %`;
        lines.push(`    ${String(t.s).padStart(5)} s  rss ${t.rssMb} MB (anon ${t.anonMb}, file ${t.fileMb}, shmem ${t.shmemMb})  heap ${t.heapMb} MB  sent ${t.sent}  ${interval}${t.materialised ? '' : '  (rows still being written)'}`);
        previous = t;
      }
    }
    const [smallest] = results;
    summary.campaigns = results.map(([n, r]) => ({ customers: n, peak_rss_mb: round(r.maxRssMb), running_peak_mb: round(r.runningPeakMb), sent: r.sent, seconds: round(r.ms / 1000), cpu_us_per_message: r.sent > 0 ? round((r.cpuMs * 1000) / r.sent) : null, capped: r.capped, vs_smallest: smallest ? Math.round((r.maxRssMb / smallest[1].maxRssMb) * 100) / 100 : null }));
  }
  if (imports.length > 0) {
    const results: Array<[number, { maxRssMb: number; ms: number }]> = [];
    for (const n of imports) {
      const result = await importRun(n);
      results.push([n, result]);
      lines.push(`import   ${String(n).padStart(9)}  peak RSS ${round(result.maxRssMb)} MB  ${round(result.ms / 1000)} s (${Math.round((n * 1000) / result.ms)} rows/s)`);
    }
    const [smallest] = results;
    summary.imports = results.map(([n, r]) => ({ rows: n, peak_rss_mb: round(r.maxRssMb), seconds: round(r.ms / 1000), vs_smallest: smallest ? Math.round((r.maxRssMb / smallest[1].maxRssMb) * 100) / 100 : null }));
  }
} catch (error) {
  exitCode = 1;
  log(`FAILED: ${(error as Error).stack ?? String(error)}`);
} finally {
  await runCleanups();
}
summary.load_end = loadavg().map((n) => Math.round(n * 100) / 100);
process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
process.exit(exitCode);
