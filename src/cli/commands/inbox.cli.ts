import type { Command } from 'commander';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PollSummary } from '../../modules/inbox/index.js';
import { registerInboxClassify } from './inbox-classify.cli.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';

/** Adds `tidings inbox …` to the program. */
export function registerInboxCommands(program: Command, io: CliIo): void {
  const inbox = program.command('inbox').description('read replies, bounces and auto-replies and file them per customer');

  inbox
    .command('poll')
    .description('fetch new mail from the incoming server of one account (or every account) and file it')
    .option('--account <name>', 'mail account name or id (default: every account with an incoming server)')
    .option('--watch', 'keep running (the inbox role of `tidings worker`): IMAP IDLE or poll every TIDINGS_INBOX_POLL_SECONDS until Ctrl-C')
    .option('--password-stdin', 'read the incoming password from standard input (not stored)')
    .option('--limit <n>', 'stop after this many messages', (v) => Number(v))
    .option('--tls-insecure', 'accept a self-signed server certificate (own servers only)')
    .option('--json', 'print JSON')
    .action(async (opts: { account?: string; watch?: boolean; passwordStdin?: boolean; limit?: number; tlsInsecure?: boolean; json?: boolean }) => {
      const { inboxSettings, listIncomingAccountIds, loadIncomingAccount, pollMailbox, readerFor, UnsubscribeTokens, runProcess, withContext } = await commandModules();
      if (opts.watch && opts.limit !== undefined) throw new TidingsError('VALIDATION_FAILED', '--limit stops a single poll; it cannot be combined with --watch');
      const password = opts.passwordStdin ? await readPassword(io) : undefined;
      await withContext(io, async (ctx) => {
        const settings = inboxSettings(ctx.config);
        const ids = opts.account ? [opts.account] : (await listIncomingAccountIds(ctx.store.db)).map(String);
        if (password && ids.length !== 1) throw new TidingsError('VALIDATION_FAILED', '--password-stdin needs --account');
        const tls = opts.tlsInsecure ? { rejectUnauthorized: false } : undefined;
        const results: Array<{ account: string } & PollSummary> = [];
        if (opts.watch) {
          // The inbox role alone, as `tidings worker --roles inbox` runs it: a lease per mailbox, backoff on failures.
          const account = opts.account ? await loadIncomingAccount(ctx.store.db, ctx.secrets, opts.account, password) : undefined;
          await runProcess({
            context: ctx,
            roles: ['inbox'],
            roleOptions: {
              inbox: {
                ...(account ? { accountIds: [account.id] } : {}),
                ...(account && password ? { passwords: new Map([[account.id, password]]) } : {}),
                ...(tls ? { reader: { tls } } : {}),
                onPolled: (polled, summary) => {
                  io.stderr.write(`${polled.name}: ${describe(summary)}\n`);
                  results.push({ account: polled.name, ...summary });
                },
              },
            },
          });
        } else {
          for (const id of ids) {
            const account = await loadIncomingAccount(ctx.store.db, ctx.secrets, id, password);
            const reader = readerFor(account, {
              maxMessageBytes: settings.maxMessageBytes,
              logger: ctx.logger,
              tls,
              guard: { allowPrivateHosts: ctx.config.TIDINGS_ALLOW_PRIVATE_HOSTS },
            });
            try {
              const summary = await pollMailbox({
                db: ctx.store.db,
                reader,
                accountId: account.id,
                softBounceLimit: settings.softBounceLimit,
                unsubscribeTokens: UnsubscribeTokens.fromSecrets(ctx.secrets),
                maxMessages: opts.limit,
              });
              results.push({ account: account.name, ...summary });
            } finally {
              await reader.close();
            }
          }
        }
        printResult(io, opts.json, results, (rows) =>
          rows.length ? rows.map((r) => `${r.account}: ${describe(r)}`).join('\n') : opts.watch ? 'no new mail' : 'no account has an incoming server',
        );
      });
    });

  registerInboxClassify(inbox, io);

  inbox
    .command('unfiled')
    .description('messages no rule could file to a customer')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { listUnfiled, withContext } = await commandModules();
      await withContext(io, async (ctx) => {
        const rows = await listUnfiled(ctx.store.db);
        if (rows.length === 0) process.exitCode = 3;
        printResult(io, opts.json, rows, (list) =>
          formatTable(
            list.map((r) => ({ id: r.id, kind: r.kind, from: r.from, subject: r.subject, date: new Date(r.date).toISOString(), candidates: r.candidates.join(',') })),
          ),
        );
      });
    });

  inbox
    .command('assign <message-id> <customer-id>')
    .description('file an unfiled message to a customer')
    .option('--json', 'print JSON')
    .action(async (messageId: string, customerId: string, opts: { json?: boolean }) => {
      const { assignMessage, withContext } = await commandModules();
      await withContext(io, async (ctx) => {
        await assignMessage(ctx.store.db, positive(messageId, 'message id'), positive(customerId, 'customer id'));
        printResult(io, opts.json, { id: Number(messageId), customerId: Number(customerId) }, () => `message ${messageId} filed to customer ${customerId}`);
      });
    });

  inbox
    .command('confirm <message-id>')
    .description('confirm an unverified bounce or unsubscribe request and apply its suppression')
    .option('--json', 'print JSON')
    .action(async (messageId: string, opts: { json?: boolean }) => {
      const { confirmEffect, inboxSettings, withContext } = await commandModules();
      await withContext(io, async (ctx) => {
        const result = await confirmEffect(ctx.store.db, positive(messageId, 'message id'), { ...inboxSettings(ctx.config), userId: null });
        printResult(io, opts.json, result, (r) => `message ${r.id} confirmed; suppressed: ${r.suppressed.length ? r.suppressed.join(', ') : 'nothing new'}`);
      });
    });

  inbox
    .command('timeline <customer-id>')
    .description("a customer's sent and received mail, oldest first")
    .option('--json', 'print JSON')
    .action(async (customerId: string, opts: { json?: boolean }) => {
      const { customerTimeline, withContext } = await commandModules();
      await withContext(io, async (ctx) => {
        const entries = await customerTimeline(ctx.store.db, positive(customerId, 'customer id'));
        if (entries.length === 0) process.exitCode = 3;
        printResult(io, opts.json, entries, (list) =>
          formatTable(list.map((e) => ({ at: new Date(e.at).toISOString(), dir: e.direction === 'out' ? '→' : '←', status: e.status, address: e.address, subject: e.subject }))),
        );
      });
    });

  inbox
    .command('replies')
    .description('replies per campaign')
    .option('--campaign <id>', 'one campaign', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (opts: { campaign?: number; json?: boolean }) => {
      const { replyCounts, withContext } = await commandModules();
      await withContext(io, async (ctx) => {
        const counts = await replyCounts(ctx.store.db, opts.campaign ? [opts.campaign] : undefined);
        const rows = [...counts].map(([campaignId, replies]) => ({ campaignId, replies }));
        printResult(io, opts.json, rows, (list) => formatTable(list));
      });
    });

  inbox
    .command('import <files...>')
    .description('import .eml files or mbox archives, filed like polled mail')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const { importMessages, inboxSettings, UnsubscribeTokens, withContext } = await commandModules();
      await withContext(io, async (ctx) => {
        const settings = { ...inboxSettings(ctx.config), unsubscribeTokens: UnsubscribeTokens.fromSecrets(ctx.secrets) };
        const out = [];
        for (const file of files) {
          const summary = await importMessages(ctx.store.db, await readFile(file), settings);
          out.push({ file, messages: summary.messages, stored: summary.stored, duplicates: summary.duplicates });
        }
        printResult(io, opts.json, out, (rows) => formatTable(rows));
      });
    });

  inbox
    .command('export')
    .description("export a customer's or a campaign's received messages as mbox or .eml files")
    .option('--customer <id>', 'customer id', (v) => Number(v))
    .option('--campaign <id>', 'campaign id', (v) => Number(v))
    .option('--format <format>', 'mbox (one file) or eml (a directory of files)', 'mbox')
    .requiredOption('--out <path>', 'output file (mbox) or directory (eml)')
    .option('--json', 'print JSON')
    .action(async (opts: { customer?: number; campaign?: number; format: string; out: string; json?: boolean }) => {
      const { exportedMessages, exportMbox, withContext } = await commandModules();
      if (!opts.customer === !opts.campaign) throw new TidingsError('VALIDATION_FAILED', 'give exactly one of --customer or --campaign');
      if (opts.format !== 'mbox' && opts.format !== 'eml') throw new TidingsError('VALIDATION_FAILED', '--format must be mbox or eml');
      const selection = opts.customer ? { customerId: opts.customer } : { campaignId: opts.campaign as number };
      await withContext(io, async (ctx) => {
        let count: number;
        if (opts.format === 'mbox') {
          const data = await exportMbox(ctx.store.db, selection);
          count = (await exportedMessages(ctx.store.db, selection)).length;
          await writeFile(opts.out, data);
        } else {
          const messages = await exportedMessages(ctx.store.db, selection);
          await mkdir(opts.out, { recursive: true });
          for (const m of messages) await writeFile(join(opts.out, `${m.id}.eml`), m.raw);
          count = messages.length;
        }
        if (count === 0) process.exitCode = 3;
        printResult(io, opts.json, { out: opts.out, format: opts.format, messages: count }, (r) => `${r.messages} message(s) written to ${r.out}`);
      });
    });
}

/**
 * What every inbox command but classify needs (the app, the store, the sending module), loaded
 * when one of them runs, so `inbox classify` starts with the parser alone.
 */
async function commandModules() {
  const [inbox, sending, app, cli] = await Promise.all([
    import('../../modules/inbox/index.js'),
    import('../../modules/sending/index.js'),
    import('../../app/index.js'),
    import('../cli-context.js'),
  ]);
  return { ...inbox, UnsubscribeTokens: sending.UnsubscribeTokens, runProcess: app.runProcess, withContext: cli.withContext };
}

function describe(s: PollSummary): string {
  const kinds = Object.entries(s.byKind).map(([k, n]) => `${n} ${k}`).join(', ');
  return `${s.stored} new${kinds ? ` (${kinds})` : ''}, ${s.duplicates} already stored, ${s.unfiled} unfiled${s.suppressed.length ? `, suppressed ${s.suppressed.join(', ')}` : ''}`;
}

function positive(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new TidingsError('VALIDATION_FAILED', `${what} must be a positive number, got "${value}"`);
  return Number(value);
}

/** The password is the first line of stdin; never echoed or logged. */
async function readPassword(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new TidingsError('INBOX_PASSWORD_REQUIRED', 'no password on standard input');
  return password;
}
