import type { Command } from 'commander';
import { formatTable, printResult, type CliIo } from '../cli/io.js';
import { TidingsError } from '../errors/index.js';
import type { CampaignProgress } from './campaign.service.js';
import type { CampaignStatus } from './ports.js';
import { runWorker } from './send.worker-runner.js';
import { createSendRuntime } from './send.runtime.js';
import { withSendContext } from './send.context.js';

const FINAL: readonly CampaignStatus[] = ['finished', 'cancelled', 'failed'];

/** One progress line: counts per state, rate and ETA. */
export function formatProgress(p: CampaignProgress): string {
  const c = p.counts;
  const done = p.total - p.remaining;
  const width = 24;
  const filled = p.total === 0 ? width : Math.round((done / p.total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const eta = p.etaSeconds === null ? '?' : `${p.etaSeconds}s`;
  return (
    `#${p.id} ${p.status} ${bar} ${done}/${p.total} sent=${c.sent} queued=${c.queued} sending=${c.sending} deferred=${c.deferred} ` +
    `failed=${c.failed} unknown=${c.unknown} suppressed=${c.suppressed} cancelled=${c.cancelled} ${p.ratePerSecond}/s eta=${eta}` +
    (p.statusReason ? ` (${p.statusReason})` : '')
  );
}

const parseId = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new TidingsError('VALIDATION_FAILED', `expected a campaign id (a number), got "${value}"`);
  return Number(value);
};

const parseIds = (value: string): number[] => value.split(',').filter(Boolean).map(parseId);

/** Adds `tidings campaign …` and `tidings worker`. */
export function registerSendCommands(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('run a send worker: BullMQ when REDIS_URL is set (any number, on any machines), else the in-process queue')
    .action(async () => {
      await runWorker(io);
    });

  const campaign = program.command('campaign').description('create, start and control email campaigns');

  /** Runs `fn` with a producer-side pipeline (queues jobs; workers send). */
  const withCampaigns = <T>(fn: (rt: Awaited<ReturnType<typeof createSendRuntime>>) => Promise<T>) =>
    withSendContext(io, async (context) => {
      const runtime = await createSendRuntime(context, { work: false });
      try {
        return await fn(runtime);
      } finally {
        await runtime.close();
      }
    });

  campaign
    .command('create')
    .description('create a draft campaign')
    .requiredOption('--name <name>', 'campaign name')
    .requiredOption('--account <id>', 'sending mail account id', parseId)
    .requiredOption('--template-version <id>', 'template version id', parseId)
    .option('--customers <ids>', 'comma-separated customer ids (default: everybody)', parseIds)
    .option('--groups <ids>', 'comma-separated group ids', parseIds)
    .option('--oneoff', "a sales rep's personal emails: no unsubscribe headers")
    .option('--json', 'print JSON')
    .action(async (o: { name: string; account: number; templateVersion: number; customers?: number[]; groups?: number[]; oneoff?: boolean; json?: boolean }) => {
      const created = await withCampaigns((rt) =>
        rt.campaigns.create({
          name: o.name,
          kind: o.oneoff ? 'oneoff' : 'bulk',
          mailAccountId: o.account,
          templateVersionId: o.templateVersion,
          audience: { ...(o.customers ? { customerIds: o.customers } : {}), ...(o.groups ? { groupIds: o.groups } : {}) },
        }),
      );
      printResult(io, o.json, created, (c) => `created campaign ${c.id} (${c.name}, ${c.kind}, draft)`);
    });

  const control = (name: string, description: string, act: (rt: Awaited<ReturnType<typeof createSendRuntime>>, id: number) => Promise<CampaignProgress>) =>
    campaign
      .command(`${name} <id>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (id: string, o: { json?: boolean }) => {
        const progress = await withCampaigns((rt) => act(rt, parseId(id)));
        printResult(io, o.json, progress, formatProgress);
      });

  control('start', 'create the outbox rows and queue them (workers or `tidings serve` send them)', (rt, id) => rt.campaigns.start(id));
  control('pause', 'stop sending; takes effect within a second', (rt, id) => rt.campaigns.pause(id));
  control('resume', 'continue a paused campaign (nothing is sent twice)', (rt, id) => rt.campaigns.resume(id));
  control('cancel', 'stop for good; unsent messages become cancelled', (rt, id) => rt.campaigns.cancel(id));
  control('status', 'counts per state, rate and ETA', (rt, id) => rt.campaigns.progress(id));

  campaign
    .command('resend-unknown <id>')
    .description('resend the messages whose outcome is unknown (recipients may get a second copy)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const result = await withCampaigns((rt) => rt.campaigns.resendUnknown(parseId(id)));
      printResult(io, o.json, result, (r) => `requeued ${r.requeued} message(s)\n${formatProgress(r.progress)}`);
    });

  campaign
    .command('list')
    .description('campaigns, newest first')
    .option('--status <status>', 'only this status')
    .option('--json', 'print JSON')
    .action(async (o: { status?: CampaignStatus; json?: boolean }) => {
      const rows = await withCampaigns((rt) => rt.campaigns.list(o.status));
      if (rows.length === 0) process.exitCode = 3;
      printResult(io, o.json, rows, (r) =>
        formatTable(r.map((c) => ({ id: c.id, name: c.name, kind: c.kind, status: c.status, reason: c.status_reason ?? '' }))),
      );
    });

  campaign
    .command('watch <id>')
    .description('live progress until the campaign finishes')
    .option('--interval <ms>', 'refresh interval', (v) => Number(v), 1000)
    .option('--timeout <s>', 'give up watching after this many seconds', (v) => Number(v), 86_400)
    .option('--json', 'one JSON progress document per refresh')
    .action(async (id: string, o: { interval: number; timeout: number; json?: boolean }) => {
      const campaignId = parseId(id);
      await withCampaigns(async (rt) => {
        const deadline = Date.now() + o.timeout * 1000;
        const tty = 'isTTY' in io.stdout && Boolean((io.stdout as { isTTY?: boolean }).isTTY);
        for (;;) {
          const p = await rt.campaigns.progress(campaignId);
          if (o.json) io.stdout.write(`${JSON.stringify(p)}\n`);
          else io.stdout.write(tty ? `\r\x1b[2K${formatProgress(p)}` : `${formatProgress(p)}\n`);
          if (FINAL.includes(p.status) || Date.now() >= deadline) break;
          await new Promise((resolve) => setTimeout(resolve, o.interval));
        }
        if (tty && !o.json) io.stdout.write('\n');
      });
    });
}
