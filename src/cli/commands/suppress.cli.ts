import type { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';
import { type Channel, listSuppressions, normaliseEmail, normalisePhone, suppress, type SuppressionReason, unsuppress } from '../../modules/customers/index.js';

const REASONS: readonly SuppressionReason[] = ['unsubscribed', 'hard-bounce', 'soft-bounce', 'complaint', 'manual', 'sms-keyword'];

/** Checks and normalises what to suppress: an email, a phone number, or (--domain) an email domain. */
function target(value: string, channel: string | undefined, domain: boolean | undefined, region: string): { channel: Channel; value: string; scope: 'address' | 'domain' } {
  if (domain) {
    const d = value.trim().replace(/^@/, '').toLowerCase();
    if (!/^([a-z0-9\u00a1-\uffff-]+\.)+[a-z\u00a1-\uffff]{2,}$/u.test(d)) throw new TidingsError('VALIDATION_FAILED', `"${value}" is not a domain such as example.com`);
    if (channel && channel !== 'email') throw new TidingsError('VALIDATION_FAILED', 'domain blocks exist for email only');
    return { channel: 'email', value: d, scope: 'domain' };
  }
  const chosen = channel ?? (value.includes('@') ? 'email' : 'sms');
  if (chosen !== 'email' && chosen !== 'sms') throw new TidingsError('VALIDATION_FAILED', '--channel must be email or sms');
  const normalised = chosen === 'email' ? normaliseEmail(value) : normalisePhone(value, region);
  if (!normalised) throw new TidingsError('CUSTOMER_INVALID', `"${value}" is not a valid ${chosen === 'email' ? 'email address' : 'phone number'}`);
  return { channel: chosen, value: normalised, scope: 'address' };
}

/** `tidings suppress add|remove|list`. */
export function registerSuppressCommands(program: Command, io: CliIo): void {
  const cmd = program.command('suppress').description('addresses, numbers and domains never to message');

  cmd
    .command('add <value>')
    .description('suppress an email address, a phone number, or with --domain a whole email domain')
    .option('--channel <channel>', 'email or sms (default: from the value)')
    .option('--domain', 'block every address at this domain (email)')
    .option('--reason <reason>', REASONS.join(', '), 'manual')
    .option('--detail <text>', 'why, who asked')
    .option('--json', 'print JSON')
    .action(async (value: string, o: { channel?: string; domain?: boolean; reason: string; detail?: string; json?: boolean }) => {
      if (!(REASONS as readonly string[]).includes(o.reason)) throw new TidingsError('VALIDATION_FAILED', `--reason must be one of ${REASONS.join(', ')}`);
      await withContext(io, async (ctx) => {
        const t = target(value, o.channel, o.domain, ctx.config.TIDINGS_DEFAULT_REGION);
        const added = await suppress(ctx.store.db, { ...t, reason: o.reason as SuppressionReason, detail: o.detail ?? null });
        printResult(io, o.json, { ...t, added }, (r) => `${r.added ? 'suppressed' : 'already suppressed:'} ${r.scope === 'domain' ? '@' : ''}${r.value} (${r.channel})`);
      });
    });

  cmd
    .command('remove <value>')
    .description('lift a suppression (the person re-subscribed)')
    .option('--channel <channel>', 'email or sms (default: from the value)')
    .option('--domain', 'lift a domain block')
    .option('--json', 'print JSON')
    .action(async (value: string, o: { channel?: string; domain?: boolean; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const t = target(value, o.channel, o.domain, ctx.config.TIDINGS_DEFAULT_REGION);
        const removed = await unsuppress(ctx.store.db, t.channel, t.value, t.scope);
        if (!removed) process.exitCode = 3;
        printResult(io, o.json, { ...t, removed }, (r) => (r.removed ? `lifted ${r.value} (${r.channel})` : `${r.value} was not suppressed on ${r.channel}`));
      });
    });

  cmd
    .command('list')
    .description('list suppressions')
    .option('--channel <channel>', 'email or sms')
    .option('--query <text>', 'only values containing this')
    .option('--limit <n>', 'page size (1-1000)', '100')
    .option('--after <id>', 'id of the last row of the previous page')
    .option('--json', 'print JSON')
    .action(async (o: { channel?: string; query?: string; limit: string; after?: string; json?: boolean }) => {
      if (o.channel && o.channel !== 'email' && o.channel !== 'sms') throw new TidingsError('VALIDATION_FAILED', '--channel must be email or sms');
      await withContext(io, async (ctx) => {
        const rows = await listSuppressions(ctx.store.db, {
          channel: o.channel as Channel | undefined,
          query: o.query,
          limit: Number(o.limit) || 100,
          afterId: o.after ? Number(o.after) : undefined,
        });
        if (rows.length === 0) process.exitCode = 3;
        printResult(io, o.json, rows, (r) =>
          formatTable(r.map((s) => ({ id: s.id, channel: s.channel, scope: s.scope, value: s.value, reason: s.reason, since: new Date(s.createdAt).toISOString(), detail: s.detail ?? '' }))),
        );
      });
    });
}
