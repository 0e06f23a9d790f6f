import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../modules/accounts/index.js';
import { type AudienceSelection, AudienceSelectionSchema, resolveGroupRef } from '../../modules/customers/index.js';
import { type CampaignProgress, type CampaignStatus, createSendRuntime, sendOneoff, testSend } from '../../modules/sending/index.js';
import type { AppContext } from '../../app/index.js';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';
import { registerWorker } from './worker.command.js';
import { registerCampaignComplaints } from './campaign-complaints.cli.js';
import type { TemplateChoice } from '../../modules/templates/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

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
    (p.tracking ? ` opened=${p.tracking.opened} clicked=${p.tracking.clicked}` : '') +
    (p.statusReason ? ` (${p.statusReason})` : '')
  );
}

const parseId = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new TidingsError('VALIDATION_FAILED', `expected a campaign id (a number), got "${value}"`);
  return Number(value);
};

const parseIds = (value: string): number[] => value.split(',').filter(Boolean).map(parseId);

const ref = (value: string): string | number => (/^\d+$/.test(value) ? Number(value) : value);

/**
 * --template [--template-version n] (a version of that template) or --template-version alone (a
 * version id): only the shape is checked here, the choice itself is the templates module's rule.
 */
function templateChoiceOf(o: { template?: string; templateVersion?: number }): TemplateChoice {
  if (o.template) return { template: ref(o.template), version: o.templateVersion };
  if (o.templateVersion !== undefined) return { versionId: o.templateVersion };
  throw new TidingsError('VALIDATION_FAILED', 'give --template <name|id> (or --template-version <version id>)');
}

/** Parses a JSON option, naming the option when it is not JSON. */
function jsonOption(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TidingsError('VALIDATION_FAILED', `${name} is not JSON: ${(cause as Error).message}`, { cause });
  }
}

interface CreateOptions {
  name: string;
  account?: string;
  smsAccount?: string;
  channel: string;
  template?: string;
  templateVersion?: number;
  audience?: string;
  customers?: number[];
  group?: string[];
  groups?: number[];
  schedule?: string;
  oneoff?: boolean;
  copyToSent?: boolean;
  tracking?: boolean;
  json?: boolean;
}

/** The audience from --audience / --customers / --group(s), validated by the customers module. */
async function audienceOf(context: AppContext, o: CreateOptions): Promise<AudienceSelection> {
  const selection: Record<string, unknown> = o.audience ? (jsonOption('--audience', o.audience) as Record<string, unknown>) : {};
  const parsed = AudienceSelectionSchema.safeParse(selection);
  if (!parsed.success) {
    throw new TidingsError('VALIDATION_FAILED', `--audience: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'audience'}: ${i.message}`).join('; ')}`);
  }
  const audience: AudienceSelection = { ...parsed.data };
  if (o.customers) audience.customerIds = [...(audience.customerIds ?? []), ...o.customers];
  const groupIds = [...(audience.groupIds ?? []), ...(o.groups ?? [])];
  for (const g of o.group ?? []) groupIds.push((await resolveGroupRef(context.store.db, g)).id);
  if (groupIds.length > 0) audience.groupIds = groupIds;
  return audience;
}

/** Adds `tidings campaign …` and `tidings worker` (worker.command.ts). */
export function registerSendCommands(program: Command, io: CliIo, clock: Clock = systemClock): void {
  registerWorker(program, io);

  const campaign = program.command('campaign').description('create, start and control email campaigns');

  /** Runs `fn` with a producer-side pipeline (queues jobs; workers send). */
  const withCampaigns = <T>(fn: (rt: Awaited<ReturnType<typeof createSendRuntime>>, context: AppContext) => Promise<T>) =>
    withContext(io, async (context) => {
      const runtime = await createSendRuntime(context, { work: false });
      try {
        return await fn(runtime, context);
      } finally {
        await runtime.close();
      }
    });

  campaign
    .command('create')
    .description('create a campaign: a draft to start by hand, or with --schedule one the scheduler fires')
    .requiredOption('--name <name>', 'campaign name')
    .option('--template <name|id>', 'template (its current version unless --template-version)')
    .option('--template-version <n>', 'with --template: that version number; alone: a template version id', parseId)
    .option('--channel <channel>', 'email or sms', 'email')
    .option('--account <name|id>', 'sending mail account (email; default: the default mail account)')
    .option('--sms-account <name|id>', 'sending SMS account (sms; default: the default SMS account)')
    .option('--audience <json>', `audience selection JSON, e.g. '{"groupIds":[3],"filter":{…}}' (default: everybody)`)
    .option('--customers <ids>', 'comma-separated customer ids', parseIds)
    .option('--group <name>', 'a group by path or id (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--groups <ids>', 'comma-separated group ids', parseIds)
    .option('--schedule <json>', `schedule JSON, e.g. '{"kind":"birthday","time":"09:00"}' (see tidings schedule-preview)`)
    .option('--oneoff', "a sales rep's personal emails: no unsubscribe headers")
    .option('--copy-to-sent', "file a copy of each message in the account's IMAP Sent folder (default: only with --oneoff)")
    .option('--no-copy-to-sent', 'no Sent-folder copies, also for --oneoff')
    .option('--tracking', 'count opens and clicks (needs TIDINGS_PUBLIC_URL; off by default)')
    .option('--json', 'print JSON')
    .action(async (o: CreateOptions) => {
      if (o.channel !== 'email' && o.channel !== 'sms') throw new TidingsError('VALIDATION_FAILED', `--channel must be email or sms, got "${o.channel}"`);
      const channel: 'email' | 'sms' = o.channel;
      const template = templateChoiceOf(o);
      const schedule = o.schedule === undefined ? undefined : jsonOption('--schedule', o.schedule);
      const created = await withCampaigns(async (rt, context) =>
        rt.campaigns.createFor(SYSTEM_ACTOR, {
          name: o.name,
          channel,
          kind: o.oneoff ? 'oneoff' : 'bulk',
          account: channel === 'email' ? o.account : o.smsAccount,
          template,
          audience: await audienceOf(context, o),
          schedule,
          copyToSent: o.copyToSent,
          tracking: o.tracking === true,
        }),
      );
      printResult(io, o.json, created, (c) => `created campaign ${c.id} (${c.name}, ${c.channel}, ${c.kind}, ${c.status})`);
    });

  campaign
    .command('test-send <template>')
    .description('render a template (for a customer, or a sample one) and send it to one address; no campaign, no statistics')
    .requiredOption('--to <address>', 'where to send the test')
    .option('--account <name|id>', 'mail account to send from (default: the default mail account)')
    .option('--customer <id>', 'render for this customer', parseId)
    .option('--template-version <n>', 'version number (default: current)', parseId)
    .option('--json', 'print JSON')
    .action(async (template: string, o: { to: string; account?: string; customer?: number; templateVersion?: number; json?: boolean }) => {
      const result = await withContext(io, (context) =>
        testSend(context, SYSTEM_ACTOR, { template: ref(template), version: o.templateVersion, to: o.to, account: o.account, customerId: o.customer }),
      );
      printResult(io, o.json, result, (r) => `sent test "${r.subject}" to ${r.to} (${r.response})`);
    });

  program
    .command('send')
    .description("email these customers now, from a sales rep's account: a one-off campaign (no unsubscribe headers)")
    .option('--account <name|id>', 'mail account to send from')
    .requiredOption('--customers <ids>', 'comma-separated customer ids', parseIds)
    .option('--template <name|id>', 'template to send')
    .option('--template-version <n>', 'version number (default: current)', parseId)
    .option('--subject <subject>', 'subject (with --text, instead of a template)')
    .option('--text <text>', 'plain-text body; merge fields such as {{greeting}} work')
    .option('--name <name>', 'campaign name')
    .option('--no-copy-to-sent', "don't file copies in the account's IMAP Sent folder (filed by default)")
    .option('--tracking', 'count opens and clicks (off unless asked)')
    .option('--json', 'print JSON')
    .action(
      async (o: {
        account?: string;
        customers: number[];
        template?: string;
        templateVersion?: number;
        subject?: string;
        text?: string;
        name?: string;
        tracking?: boolean;
        copyToSent?: boolean;
        json?: boolean;
      }) => {
        if (Boolean(o.template) === Boolean(o.subject || o.text) || (!o.template && !(o.subject && o.text))) {
          throw new TidingsError('VALIDATION_FAILED', 'give either --template <name|id> or both --subject and --text');
        }
        const message = o.template ? { template: ref(o.template), version: o.templateVersion } : { subject: o.subject!, text: o.text! };
        const result = await withCampaigns((rt) =>
          sendOneoff(rt.campaigns, SYSTEM_ACTOR, { message, account: o.account, customerIds: o.customers, name: o.name, tracking: o.tracking, copyToSent: o.copyToSent }, clock),
        );
        printResult(io, o.json, result, (r) => `campaign ${r.campaign.id} (one-off): ${formatProgress(r.progress)}`);
      },
    );

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
  registerCampaignComplaints(campaign, io);

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
        const deadline = clock.now() + o.timeout * 1000;
        const tty = 'isTTY' in io.stdout && Boolean((io.stdout as { isTTY?: boolean }).isTTY);
        for (;;) {
          const p = await rt.campaigns.progress(campaignId);
          if (o.json) io.stdout.write(`${JSON.stringify(p)}\n`);
          else io.stdout.write(tty ? `\r\x1b[2K${formatProgress(p)}` : `${formatProgress(p)}\n`);
          if (FINAL.includes(p.status) || clock.now() >= deadline) break;
          await new Promise((resolve) => setTimeout(resolve, o.interval));
        }
        if (tty && !o.json) io.stdout.write('\n');
      });
    });
}
