// Runs one embedded campaign (in-process queue, SQLite) over a store the parent seeded, in its own
// process so its peak RSS is the campaign's alone. Prints one JSON line with the peak
// (`process.resourceUsage().maxRSS`, and the highest RSS sampled every 100 ms), the timing and a
// timeline (RSS / heap every `--every` seconds, with rows sent so far).
//
// `--max-seconds S` stops a campaign that is not finished after S seconds (it is cancelled, and
// the line says how many rows were sent): a million messages at this machine's rate take hours,
// but the whole audience is written to the outbox in the first minutes, so a capped run still
// covers start-up, materialisation and a long stretch of steady sending.
//
// Started with Tidings' node flags (src/main.ts's `#!` line, or memory.ts's --node-flags) by
// bench/lib/child.ts.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const v8Flags = process.execArgv.filter((arg) => arg.startsWith('--'));
/** Where the resident memory is at a named point: V8 heap (used/committed), off-heap buffers, RSS by kind. */
const phases: Array<Record<string, number | string>> = [];
function phase(name: string): void {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ''), mb(s.physical_space_size)]));
  phases.push({ phase: name, rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers), ...rssKinds(), ...spaces });
}
phase('flags set');
const { createSendRuntime } = await import('../src/modules/sending/index.js');
const { onCleanup, runCleanups } = await import('./lib/cleanup.js');
const { benchContext } = await import('./lib/context.js');
const { openSqliteStore } = await import('./lib/fixture.js');
phase('modules loaded');

const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) args.set(String(argv[i]).replace(/^--/, ''), String(argv[i + 1]));
const need = (name: string) => {
  const value = args.get(name);
  if (value === undefined) throw new Error(`memory.child: --${name} is required`);
  return value;
};
function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

let sampled = process.memoryUsage.rss();
/** When the sampled peak was seen (ms since the process started) and its heap then. */
let peakAt = { ms: 0, heapMb: 0 };
let peakBreakdown: Record<string, number | string> | undefined;
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > sampled) {
    peakAt = { ms: Math.round(performance.now()), heapMb: mb(process.memoryUsage().heapUsed) };
    phase('new peak');
    peakBreakdown = phases.pop();
  }
  sampled = Math.max(sampled, rss);
}, 100);
/** Resident memory by kind (anonymous: heaps and malloc; file: mapped files such as node itself; shmem: SQLite's -shm). */
function rssKinds(): { anonMb: number; fileMb: number; shmemMb: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { anonMb: Math.round(kb('RssAnon') / 1024), fileMb: Math.round(kb('RssFile') / 1024), shmemMb: Math.round(kb('RssShmem') / 1024) };
}
const timeline: Array<{ s: number; rssMb: number; heapMb: number; sent: number; cpuMs: number; materialised: boolean; anonMb: number; fileMb: number; shmemMb: number }> = [];
try {
  const store = await openSqliteStore(need('db'));
  const concurrency = Number(need('concurrency'));
  const context = benchContext(store, {
    SEND_CONCURRENCY: String(concurrency),
    SEND_DOMAIN_CONCURRENCY: String(concurrency),
    SEND_SMTP_MAX_CONNECTIONS: need('connections'),
  });
  const runtime = await createSendRuntime(context, { work: true });
  const closeRuntime = onCleanup('send runtime', () => runtime.close());
  await runtime.start();
  phase('runtime started');
  const campaign = await runtime.campaigns.create({
    name: `memory ${new Date().toISOString()}`,
    mailAccountId: Number(need('account')),
    templateVersionId: Number(need('version')),
    audience: {},
  });
  const timeoutMs = Number(need('timeout'));
  const capMs = args.has('max-seconds') ? Number(args.get('max-seconds')) * 1000 : Infinity;
  const everyMs = Number(args.get('every') ?? 10) * 1000;
  const started = Date.now();
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const sentSoFar = async () =>
    Number((await store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', campaign.id).where('state', '=', 'sent').executeTakeFirstOrThrow()).n);
  const materialisedYet = async () =>
    (await store.db.selectFrom('send_campaign_state').select('materialized_at').where('campaign_id', '=', campaign.id).executeTakeFirst())?.materialized_at != null;
  const mark = async () => {
    const m = process.memoryUsage();
    const cpu = process.cpuUsage(cpuAtStart);
    timeline.push({
      s: Math.round((Date.now() - started) / 1000),
      rssMb: mb(m.rss),
      heapMb: mb(m.heapUsed),
      sent: await sentSoFar(),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      materialised: await materialisedYet(),
      ...rssKinds(),
    });
  };
  // Not awaited: start() writes every row before it returns, and the timeline should cover that.
  let startError: unknown;
  const starting = runtime.campaigns.start(campaign.id).catch((error: unknown) => (startError = error));
  let nextMark = started + everyMs;
  let finishedAt: number | undefined;
  let capped = false;
  for (;;) {
    if (startError) throw startError;
    const row = await store.db.selectFrom('campaigns').select(['status', 'finished_at', 'status_reason']).where('id', '=', campaign.id).executeTakeFirstOrThrow();
    if (row.status === 'finished' && row.finished_at !== null) {
      finishedAt = Number(row.finished_at);
      break;
    }
    if (row.status !== 'running' && row.status !== 'draft') throw new Error(`campaign ${campaign.id} is ${row.status}: ${row.status_reason ?? ''}`);
    if (Date.now() - started > timeoutMs) throw new Error(`campaign ${campaign.id} did not finish in time`);
    if (Date.now() - started > capMs) {
      capped = true;
      break;
    }
    if (Date.now() >= nextMark) {
      await mark();
      nextMark += everyMs;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await mark();
  phase('campaign over');
  // The peak while the campaign ran, before a capped run's cancel and the final counts.
  const runningPeakMb = Math.max(sampled, process.memoryUsage.rss()) / 1024 / 1024;
  const elapsed = (finishedAt ?? Date.now()) - started;
  const cpu = process.cpuUsage(cpuAtStart);
  if (capped) {
    await starting;
    await runtime.campaigns.cancel(campaign.id);
  }
  const progress = await runtime.campaigns.progress(campaign.id);
  await closeRuntime();
  clearInterval(sampler);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({
      maxRssMb,
      sampledPeakMb: sampled / 1024 / 1024,
      sampledPeakAtS: Math.round((peakAt.ms - startedAt) / 100) / 10,
      sampledPeakHeapMb: peakAt.heapMb,
      runningPeakMb,
      ms: elapsed,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      sent: progress.counts.sent,
      total: progress.total,
      capped,
      materialized: progress.materialized,
      v8Flags,
      phases: peakBreakdown ? [...phases, { ...peakBreakdown, phase: 'sampled peak' }] : phases,
      timeline,
    })}\n`,
  );
} finally {
  clearInterval(sampler);
  await runCleanups();
}
