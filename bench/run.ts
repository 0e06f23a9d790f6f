// `npm run bench`: end-to-end throughput against the loopback SMTP limit (smtp-source → smtp-sink)
// and a plain nodemailer loop, memory of a campaign in its own process, merge / inbox / SMS rates.
// Every figure comes from this run; ratios are against references measured in this run.
// Progress goes to stderr; stdout gets the table and, as its last line, one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createRedis } from '../src/platform/redis/index.js';
import { runBaseline, sampleMessage } from './lib/baseline.js';
import { deleteRedisPrefix, runCampaign, type CampaignRun } from './lib/campaign.js';
import { spawnBundled, waitForLine } from './lib/child.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { openPostgresStore, openSqliteStore, REDIS_URL, seedCustomers, seedMailAccount, seedTemplate } from './lib/fixture.js';
import { runClassify } from './lib/classify.js';
import { runInbox } from './lib/inbox.js';
import { runMerges } from './lib/merges.js';
import { runningWith, tidingsNodeFlags } from './lib/node-flags.js';
import { parseOptions } from './lib/options.js';
import { profiled } from './lib/profiler.js';
import { runSms } from './lib/sms.js';
import { countSqlStatements } from './lib/sql-stats.js';
import { runSmtpSource, startSmtpSink, type SmtpSink } from './lib/smtp-sink.js';
import { formatRows, type Row } from './lib/table.js';
import { measureStartup } from './startup.js';

// The node flags `tidings` runs with (src/main.ts's `#!` line), so the embedded campaign runs as it
// would in a `tidings worker`; the baseline shares the process and so the flags. V8 reads them
// only when it creates the heap: without them, the bench starts itself again with them.
const v8Flags = tidingsNodeFlags();
if (!runningWith(v8Flags)) {
  const again = spawnSync(process.execPath, [...v8Flags, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
const MEMORY_CHILD = fileURLToPath(new URL('./memory.child.ts', import.meta.url));
const options = parseOptions(process.argv.slice(2));
const want = (step: string) => options.only.size === 0 || options.only.has(step);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const rate = (count: number, ms: number) => Math.round((count * 1000) / ms);
const round2 = (n: number) => Math.round(n * 100) / 100;
/** CPU time (user + system) this process spent in `work`, in µs per message: steadier than wall time on a shared machine. */
async function cpuPerMessage<T>(count: number, work: () => Promise<T>): Promise<{ result: T; cpuUs: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, cpuUs: Math.round((used.user + used.system) / count) };
}
const N = options.messages;
const campaignTimeout = Math.max(120_000, N * 50);

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

/** Checks a run delivered what it claims, by smtp-sink's own counter. */
async function delivered(sink: SmtpSink, before: number, count: number, what: string): Promise<void> {
  await sink.waitFor(before + count, 30_000).catch((error: Error) => {
    throw new Error(`${what}: ${error.message}`);
  });
}

function checkCampaign(run: CampaignRun, what: string): void {
  if (run.counts.sent !== N || run.total !== N) throw new Error(`${what}: ${run.counts.sent} of ${N} sent (${JSON.stringify(run.counts)})`);
}

async function memoryRun(dir: string, sinkPort: number, customers: number): Promise<{ maxRssMb: number; sampledPeakMb: number; ms: number }> {
  const path = join(dir, `memory-${customers}.db`);
  const store = await openSqliteStore(path);
  log(`memory ${customers}: seeding customers (not timed)…`);
  await seedCustomers(store.db, customers, 'bench.test', (done) => done % 100_000 === 0 && log(`  ${done} customers`));
  const accountId = await seedMailAccount(store.db, sinkPort);
  const versionId = await seedTemplate(store.db);
  await store.close();
  log(`memory ${customers}: campaign in a child process, bundled on plain node as bin/tidings.js runs…`);
  const child = await spawnBundled(MEMORY_CHILD, 'bench-memory-child', [
    '--db', path, '--account', String(accountId), '--version', String(versionId),
    '--concurrency', String(options.concurrency), '--connections', '20', ...(options.benchPorts ? ['--bench-ports', '1'] : []), '--timeout', String(Math.max(120_000, customers * 20)),
  ]);
  const [line] = await waitForLine(child, /\{.*"maxRssMb".*\}/, Math.max(180_000, customers * 25));
  const result = JSON.parse(line) as { maxRssMb: number; sampledPeakMb: number; ms: number; sent: number };
  if (result.sent !== customers) throw new Error(`memory ${customers}: ${result.sent} sent`);
  return result;
}

const rows: Row[] = [];
const summary: Record<string, number | string | null> = {};
let exitCode = 0;
const dir = mkdtempSync(join(tmpdir(), 'tidings-bench-'));
onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
const machine = { nproc: cpus().length, memory_mb: Math.round(totalmem() / 1024 / 1024), load_start: loadavg().map(round2) };
try {
  log(`machine: ${machine.nproc} cores, ${machine.memory_mb} MB, load ${machine.load_start.join(' ')}; ${N} messages; V8 flags ${v8Flags.join(' ') || '(defaults)'}`);
  if (want('startup')) {
    const startup = await measureStartup(11, log);
    Object.assign(summary, { node_ms: startup.nodeMs, version_ms: startup.versionMs, classify_ms: startup.classifyMs, version_vs_node: startup.versionRatio, classify_vs_node: startup.classifyRatio });
    const note = (ms: number, ratio: number) => `${ms} ms = ${ratio}× node -e 0 (medians of ${startup.rounds} rounds)`;
    rows.push({ name: 'start-up: node -e 0', count: startup.rounds, ms: startup.nodeMs, perSecond: 0, note: `${startup.nodeMs} ms, bare node: the reference` });
    rows.push({ name: 'start-up: tidings --version', count: startup.rounds, ms: startup.versionMs, perSecond: 0, note: note(startup.versionMs, startup.versionRatio) });
    rows.push({ name: 'start-up: tidings inbox classify <file>', count: startup.rounds, ms: startup.classifyMs, perSecond: 0, note: note(startup.classifyMs, startup.classifyRatio) });
  }
  if (want('classify')) {
    log(`classify: ${options.classifyMessages} messages through \`tidings inbox classify <folder> --json\` in this process…`);
    const run = await runClassify(dir, options.classifyMessages);
    if (run.lines !== options.classifyMessages) throw new Error(`classify: ${run.lines} lines for ${options.classifyMessages} messages`);
    const parsePerSecond = rate(options.classifyMessages, run.parseMs);
    const perSecond = rate(run.lines, run.ms);
    Object.assign(summary, { classify_per_s: perSecond, classify_parse_only_per_s: parsePerSecond, classify_vs_parse: round2(perSecond / parsePerSecond) });
    rows.push({ name: 'classify: mailparser simpleParser alone', count: options.classifyMessages, ms: Math.round(run.parseMs), perSecond: parsePerSecond, note: 'the reference: parsing only, same messages, this run' });
    rows.push({ name: 'classify: tidings inbox classify --json', count: run.lines, ms: Math.round(run.ms), perSecond, vsBaseline: perSecond / parsePerSecond, note: `one process, module loading included; ${Object.entries(run.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}` });
  }
  // `npm run bench -- startup` (or classify) measures that alone: no sink, no seeded store.
  if (!(options.only.size > 0 && [...options.only].every((step) => step === 'startup' || step === 'classify'))) {
    const sink = await startSmtpSink();
    const store = await openSqliteStore(join(dir, 'embedded.db'));
    log(`seeding ${N} customers into SQLite (not timed)…`);
    await seedCustomers(store.db, N);
    const accountId = await seedMailAccount(store.db, sink.port);
    const versionId = await seedTemplate(store.db);
    const sample = await sampleMessage(store, versionId, accountId);
    summary.message_bytes = sample.bytes;
    summary.nodemailer_message_bytes = sample.nodemailerBytes;
    log(`one Tidings message is ${sample.bytes} bytes (${sample.nodemailerBytes} as nodemailer builds it)`);

    let limit: number | undefined;
    let baseline: number | undefined;
    if (want('limit')) {
      const before = sink.received();
      const ms = await runSmtpSource(sink.port, N, sample.bytes);
      await delivered(sink, before, N, 'smtp-source');
      limit = rate(N, ms);
      summary.limit_msgs_per_s = limit;
      rows.push({ name: 'limit: smtp-source → smtp-sink', count: N, ms, perSecond: limit, note: `-d -s 20 -l ${sample.bytes}` });
      log(`limit ${limit}/s`);
    }
    if (want('baseline')) {
      const before = sink.received();
      const { result: ms, cpuUs } = await cpuPerMessage(N, () => runBaseline(sink.port, sample, N));
      summary.baseline_cpu_us_per_msg = cpuUs;
      await delivered(sink, before, N, 'baseline');
      baseline = rate(N, ms);
      summary.baseline_msgs_per_s = baseline;
      rows.push({ name: 'baseline: nodemailer pool(20)', count: N, ms, perSecond: baseline, note: `pre-rendered, ${sample.nodemailerBytes} B, all at once; CPU ${cpuUs} µs/msg` });
      log(`baseline ${baseline}/s`);
    }
    const ratios = (perSecond: number) => ({ vsLimit: limit ? perSecond / limit : undefined, vsBaseline: baseline ? perSecond / baseline : undefined });

    if (want('embedded')) {
      log('embedded campaign (p-queue + SQLite)…');
      const before = sink.received();
      const sql = options.sqlStats ? countSqlStatements() : undefined;
      const { result: run, cpuUs } = await cpuPerMessage(N, () =>
        profiled(options.profile, () =>
          runCampaign({ store, accountId, versionId, concurrency: options.concurrency, connections: 20, benchPorts: options.benchPorts, timeoutMs: campaignTimeout }),
        ),
      );
      summary.embedded_cpu_us_per_msg = cpuUs;
      if (sql) {
        const counts = [...sql.stop()].sort((a, b) => b[1].ms - a[1].ms);
        const total = counts.reduce((sum, [, c]) => sum + c.count, 0);
        const ms = counts.reduce((sum, [, c]) => sum + c.ms, 0);
        log(`SQL statements during the embedded campaign: ${total} (${(total / N).toFixed(2)} per message), ${Math.round((ms * 1000) / N)} µs per message in SQLite`);
        for (const [text, c] of counts.slice(0, 25)) {
          log(`  ${(c.count / N).toFixed(3).padStart(7)}/msg ${String(Math.round((c.ms * 1000) / N)).padStart(5)} µs/msg  ${text.replace(/\s+/g, ' ').slice(0, 140)}`);
        }
      }
      checkCampaign(run, 'embedded');
      await delivered(sink, before, N, 'embedded');
      const perSecond = rate(N, run.ms);
      rows.push({ name: 'Tidings embedded: p-queue + SQLite', count: N, ms: run.ms, perSecond, ...ratios(perSecond), note: `concurrency ${options.concurrency}, 20 SMTP conns, ${options.benchPorts ? 'bench' : 'real'} ports; CPU ${cpuUs} µs/msg` });
      summary.embedded_msgs_per_s = perSecond;
      log(`embedded ${perSecond}/s`);
    }

    if (want('distributed') && !options.skipDistributed) {
      log('distributed campaign (BullMQ/Redis + PostgreSQL, in-process worker)…');
      const { store: pgStore, schema } = await openPostgresStore();
      log(`seeding ${N} customers into PostgreSQL schema ${schema} (not timed)…`);
      await seedCustomers(pgStore.db, N);
      const pgAccount = await seedMailAccount(pgStore.db, sink.port);
      const pgVersion = await seedTemplate(pgStore.db);
      const redis = createRedis(REDIS_URL);
      onCleanup('redis connection', () => void redis.disconnect());
      const prefix = `bench-${randomBytes(4).toString('hex')}`;
      onCleanup(`redis keys ${prefix}:*`, () => deleteRedisPrefix(redis, prefix));
      const before = sink.received();
      const run = await runCampaign({
        store: pgStore, accountId: pgAccount, versionId: pgVersion, concurrency: options.concurrency, connections: 20,
        redis: { client: redis, url: REDIS_URL, prefix }, benchPorts: options.benchPorts, timeoutMs: campaignTimeout,
      });
      checkCampaign(run, 'distributed');
      await delivered(sink, before, N, 'distributed');
      const perSecond = rate(N, run.ms);
      rows.push({ name: 'Tidings distributed: BullMQ + PostgreSQL', count: N, ms: run.ms, perSecond, ...ratios(perSecond), note: `1 in-process BullMQ worker, concurrency ${options.concurrency}` });
      summary.distributed_msgs_per_s = perSecond;
      log(`distributed ${perSecond}/s`);
    }

    if (want('merges')) {
      const merges = await runMerges(store, versionId, accountId, options.merges);
      summary.merges_per_s = rate(options.merges, merges.ms);
      rows.push({ name: 'merges: compiled MJML renderEmail', count: options.merges, ms: merges.ms, perSecond: summary.merges_per_s, note: `${merges.htmlBytes} B html each` });
      log(`merges ${summary.merges_per_s}/s`);
    }
    if (want('inbox')) {
      log(`inbox: appending ${options.inboxMessages} messages to Dovecot (not timed)…`);
      const inbox = await runInbox(store, options.inboxMessages);
      summary.inbox_files_per_s = rate(inbox.stored, inbox.ms);
      rows.push({ name: 'inbox: IMAP read + parse + file', count: inbox.stored, ms: inbox.ms, perSecond: summary.inbox_files_per_s, note: `${inbox.filed} filed to a customer` });
      log(`inbox ${summary.inbox_files_per_s}/s`);
    }
    if (want('sms')) {
      const sms = await runSms(store, options.smsMessages);
      summary.sms_per_s = rate(options.smsMessages, sms.ms);
      rows.push({ name: 'SMS: sendSms + ledger → Twilio wire', count: options.smsMessages, ms: sms.ms, perSecond: summary.sms_per_s, note: `${sms.charged} fen charged, 20 in flight` });
      log(`sms ${summary.sms_per_s}/s`);
    }
    if (want('memory')) {
      const small = await memoryRun(dir, sink.port, 10_000);
      summary.rss_mb_10k = Math.round(small.maxRssMb);
      // The same pipeline as the embedded row, in a process started as `tidings` starts (bundle, V8 flags).
      const smallRate = rate(10_000, small.ms);
      rows.push({ name: 'memory: campaign of 10,000 (child)', count: 10_000, ms: small.ms, perSecond: smallRate, ...ratios(smallRate), note: `peak RSS ${Math.round(small.maxRssMb)} MB` });
      if (options.million) {
        const big = await memoryRun(dir, sink.port, 1_000_000);
        summary.rss_mb_1m = Math.round(big.maxRssMb);
        const bigRate = rate(1_000_000, big.ms);
        rows.push({ name: 'memory: campaign of 1,000,000 (child)', count: 1_000_000, ms: big.ms, perSecond: bigRate, ...ratios(bigRate), note: `peak RSS ${Math.round(big.maxRssMb)} MB` });
      }
    }
  }
} catch (error) {
  exitCode = 1;
  log(`FAILED: ${(error as Error).stack ?? error}`);
} finally {
  await runCleanups();
}

if (!interrupted) {
  const num = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : null);
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? round2(a / b) : null);
  const json = {
    node_ms: num('node_ms'),
    version_ms: num('version_ms'),
    classify_ms: num('classify_ms'),
    version_vs_node: num('version_vs_node'),
    classify_vs_node: num('classify_vs_node'),
    limit_msgs_per_s: num('limit_msgs_per_s'),
    baseline_msgs_per_s: num('baseline_msgs_per_s'),
    embedded_msgs_per_s: num('embedded_msgs_per_s'),
    baseline_cpu_us_per_msg: num('baseline_cpu_us_per_msg'),
    embedded_cpu_us_per_msg: num('embedded_cpu_us_per_msg'),
    distributed_msgs_per_s: num('distributed_msgs_per_s'),
    embedded_vs_limit: ratio(num('embedded_msgs_per_s'), num('limit_msgs_per_s')),
    embedded_vs_baseline: ratio(num('embedded_msgs_per_s'), num('baseline_msgs_per_s')),
    distributed_vs_limit: ratio(num('distributed_msgs_per_s'), num('limit_msgs_per_s')),
    distributed_vs_baseline: ratio(num('distributed_msgs_per_s'), num('baseline_msgs_per_s')),
    rss_mb_10k: num('rss_mb_10k'),
    rss_mb_1m: num('rss_mb_1m'),
    rss_1m_vs_10k: ratio(num('rss_mb_1m'), num('rss_mb_10k')),
    merges_per_s: num('merges_per_s'),
    inbox_files_per_s: num('inbox_files_per_s'),
    sms_per_s: num('sms_per_s'),
    messages: N,
    message_bytes: num('message_bytes'),
    nodemailer_message_bytes: num('nodemailer_message_bytes'),
    nproc: machine.nproc,
    v8_flags: v8Flags.join(' '),
    memory_mb: machine.memory_mb,
    load_start: machine.load_start,
    load_end: loadavg().map(round2),
    ok: exitCode === 0,
    date: new Date().toISOString(),
  };
  process.stdout.write(`${formatRows(rows)}\n${JSON.stringify(json)}\n`);
}
process.exit(exitCode);
