// Runs one embedded campaign (in-process queue, SQLite) over a store the parent seeded, in its own
// process so its peak RSS is the campaign's alone. Prints one JSON line with the peak
// (`process.resourceUsage().maxRSS`, and the highest RSS sampled every 100 ms) and the timing.
import './lib/load-order.js';
import { runCampaign } from './lib/campaign.js';
import { runCleanups } from './lib/cleanup.js';
import { openSqliteStore } from './lib/fixture.js';

const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) args.set(String(argv[i]).replace(/^--/, ''), String(argv[i + 1]));
const need = (name: string) => {
  const value = args.get(name);
  if (value === undefined) throw new Error(`memory.child: --${name} is required`);
  return value;
};

let sampled = process.memoryUsage.rss();
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 100);
try {
  const store = await openSqliteStore(need('db'));
  const run = await runCampaign({
    store,
    accountId: Number(need('account')),
    versionId: Number(need('version')),
    concurrency: Number(need('concurrency')),
    connections: Number(need('connections')),
    benchPorts: args.has('bench-ports'),
    timeoutMs: Number(need('timeout')),
  });
  clearInterval(sampler);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ maxRssMb, sampledPeakMb: sampled / 1024 / 1024, ms: run.ms, sent: run.counts.sent, total: run.total })}\n`);
} finally {
  clearInterval(sampler);
  await runCleanups();
}
