import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { getSmsAccount } from '../../modules/accounts/index.js';
import { adjust, balance, checkWallets, formatMinor, ledgerEntries, listHeldReservations, listPrices, parseMajor, priceAt, setLowBalanceThreshold, setPrice, settleHeldReservation, smsStats, type SmsStatsRow, topUp } from '../../modules/billing/index.js';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { countSegments, SMS_PROVIDER_KINDS, type SmsProviderKind } from '../../adapters/sms/index.js';
import { TidingsError } from '../../platform/errors/index.js';

const STATS_COLUMNS = ['period', 'messages', 'parts', 'accepted', 'delivered', 'failed', 'pending', 'cost'] as const;

function statsRecords(rows: readonly SmsStatsRow[]): Record<string, string | number>[] {
  return rows.map((r) => ({ ...r, cost: formatMinor(r.costMinor) }));
}

/** Adds `tidings sms …` (segments, stats) and `tidings wallet …` (prepaid balance). */
export function registerBillingCommands(program: Command, io: CliIo): void {
  const sms = program.command('sms').description('SMS: segment counting and usage statistics');

  sms
    .command('segments <text>')
    .description('How many parts a text costs at a provider')
    .addOption(new Option('--provider <provider>', 'counting rules').choices([...SMS_PROVIDER_KINDS]).makeOptionMandatory())
    .option('--signature <sign>', 'sign name the provider adds (counted for aliyun and tencent)')
    .option('--json', 'print JSON')
    .action((text: string, o: { provider: SmsProviderKind; signature?: string; json?: boolean }) => {
      const count = countSegments(text, { provider: o.provider, signature: o.signature });
      printResult(io, o.json, count, (c) => `${c.segments} part(s), ${c.characters} characters, ${c.encoding}`);
    });

  sms
    .command('stats')
    .description('Messages, parts, outcomes and cost per day or month (the account time zone)')
    .requiredOption('--account <name>', 'SMS account name or id')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .addOption(new Option('--by <period>', 'group by').choices(['day', 'month']).default('day'))
    .option('--campaign <id>', 'only this campaign')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']))
    .option('--csv <file>', 'also write CSV to this file')
    .option('--json', 'print JSON')
    .action(async (o: { account: string; from: string; to: string; by: 'day' | 'month'; campaign?: string; format?: string; csv?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, o.account);
        const stats = await smsStats(ctx.store.db, {
          accountId: account.id,
          from: o.from,
          to: o.to,
          by: o.by,
          ...(o.campaign ? { campaignId: Number(o.campaign) } : {}),
        });
        const csv = () => stringify(statsRecords(stats.rows), { header: true, columns: [...STATS_COLUMNS] });
        if (o.csv) writeFileSync(o.csv, csv());
        if (o.format === 'csv') {
          io.stdout.write(csv());
          return;
        }
        const result = { account: account.name, timeZone: account.timeZone, currency: account.currency, ...stats };
        printResult(io, o.json || o.format === 'json', result, (s) =>
          [
            `${account.name} (${account.timeZone}, ${account.currency}) ${s.from} … ${s.to} by ${s.by}`,
            formatTable(statsRecords(s.rows), STATS_COLUMNS),
            `total: ${s.total.messages} messages, ${s.total.parts} parts, ${s.total.delivered} delivered, ${s.total.failed} failed, ${s.total.pending} pending, cost ${formatMinor(s.total.costMinor)}`,
          ].join('\n'),
        );
      });
    });

  const wallet = program.command('wallet').description('Prepaid SMS balance per SMS account');

  wallet
    .command('show <account>')
    .description('Balance, reserved, charged, price and low-balance flag')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        const view = await balance(ctx.store.db, account.id);
        const priceMinor = await priceAt(ctx.store.db, account.id);
        printResult(io, o.json, { account: account.name, ...view, priceMinor }, (v) =>
          [
            `${v.account}: balance ${formatMinor(v.balanceMinor)} ${v.currency}${v.low ? '  ⚠ LOW BALANCE' : ''}`,
            `  topped up ${formatMinor(v.creditedMinor)}, adjusted ${formatMinor(v.adjustedMinor)}, charged ${formatMinor(v.postedMinor)}, reserved ${formatMinor(v.pendingMinor)}`,
            `  price per part ${formatMinor(v.priceMinor)}; low-balance alert ${v.lowBalanceMinor === null ? 'off' : `below ${formatMinor(v.lowBalanceMinor)}`}`,
          ].join('\n'),
        );
      });
    });

  wallet
    .command('topup <account>')
    .description('Book a top-up (idempotent per reference)')
    .requiredOption('--amount <amount>', 'amount in major units, e.g. 500 or 99.90')
    .requiredOption('--reference <ref>', 'payment reference (bank transfer, invoice)')
    .requiredOption('--operator <name>', 'who books it')
    .option('--key <key>', 'idempotency key (default: topup:<account>:<reference>)')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { amount: string; reference: string; operator: string; key?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        const result = await topUp(ctx.store.db, {
          accountId: account.id,
          idempotencyKey: o.key ?? `topup:${account.id}:${o.reference}`,
          amountMinor: parseMajor(o.amount, '--amount'),
          reference: o.reference,
          operator: o.operator,
        });
        printResult(io, o.json, result, (r) => `${r.replayed ? 'already booked' : 'booked'}: +${formatMinor(r.amountMinor)}, balance ${formatMinor(r.balanceMinor)}`);
      });
    });

  wallet
    .command('adjust <account>')
    .description('Finance adjustment, either sign, with a reason')
    .requiredOption('--amount <amount>', 'e.g. -10.00 or 5')
    .requiredOption('--reason <reason>', 'why')
    .requiredOption('--operator <name>', 'who books it')
    .requiredOption('--key <key>', 'idempotency key (e.g. the finance ticket number)')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { amount: string; reason: string; operator: string; key: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        const result = await adjust(
          ctx.store.db,
          { accountId: account.id, idempotencyKey: o.key, amountMinor: parseMajor(o.amount, '--amount'), reason: o.reason, operator: o.operator },
          { onLowBalance: (e) => ctx.logger.warn({ accountId: e.accountId, balanceMinor: e.balanceMinor }, 'sms balance below threshold') },
        );
        printResult(io, o.json, result, (r) => `${r.replayed ? 'already booked' : 'booked'}: ${formatMinor(r.amountMinor)}, balance ${formatMinor(r.balanceMinor)}`);
      });
    });

  wallet
    .command('price <account>')
    .description('Show the price history, or set a new price per part')
    .option('--set <amount>', 'new price per part in major units, e.g. 0.10')
    .option('--from <iso>', 'in force from this instant (default now)')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { set?: string; from?: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        if (o.set !== undefined) {
          const from = o.from ? Date.parse(o.from) : undefined;
          await setPrice(ctx.store.db, { accountId: account.id, priceMinor: parseMajor(o.set, '--set'), ...(from !== undefined && !Number.isNaN(from) ? { effectiveFrom: from } : {}) });
        }
        const prices = await listPrices(ctx.store.db, account.id);
        printResult(io, o.json, { account: account.name, current: await priceAt(ctx.store.db, account.id), prices }, (p) =>
          [`current price per part: ${formatMinor(p.current)}`, formatTable(p.prices.map((r) => ({ price: formatMinor(r.priceMinor), currency: r.currency, from: new Date(r.effectiveFrom).toISOString() })))].join('\n'),
        );
      });
    });

  wallet
    .command('threshold <account> <amount>')
    .description('Low-balance alert threshold in major units, or "off"')
    .action(async (name: string, amount: string) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        await setLowBalanceThreshold(ctx.store.db, account.id, amount === 'off' ? null : parseMajor(amount, 'threshold'));
        io.stdout.write(`low-balance alert for ${account.name}: ${amount === 'off' ? 'off' : `below ${amount}`}\n`);
      });
    });

  wallet
    .command('check [account]')
    .description('Prove balance = credits − charged − reserved from the ledger entries, for one SMS account or all (exit 1 on a difference)')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const ids = name === undefined ? undefined : [(await getSmsAccount(ctx.store.db, ctx.secrets, name)).id];
        const report = await checkWallets(ctx.store.db, ids);
        if (!report.ok) process.exitCode = 1;
        printResult(io, o.json, report, (r) =>
          r.wallets.length === 0
            ? 'OK: no SMS accounts'
            : r.wallets
                .map((w) =>
                  w.ok
                    ? `OK ${w.account}: balance ${formatMinor(w.recomputed.balanceMinor)} = credits ${formatMinor(w.recomputed.creditedMinor + w.recomputed.adjustedMinor)} − charged ${formatMinor(w.recomputed.postedMinor)} − reserved ${formatMinor(w.recomputed.pendingMinor)}`
                    : `MISMATCH ${w.account}: ${w.problems.join('; ')}`,
                )
                .join('\n'),
        );
      });
    });

  wallet
    .command('held <account>')
    .description('Reservations still held (outcome unknown or waiting for a retry), oldest first')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        const held = await listHeldReservations(ctx.store.db, account.id);
        printResult(io, o.json, held, (h) =>
          h.length === 0
            ? 'no reservations held'
            : formatTable(
                h.map((x) => ({
                  key: x.key,
                  age: `${Math.floor(x.ageMs / 60_000)} min`,
                  campaign: x.campaignName ?? '',
                  recipient: x.recipient ?? '',
                  parts: x.parts,
                  amount: formatMinor(x.amountMinor),
                  state: x.outboxState ?? '',
                })),
              ),
        );
      });
    });

  wallet
    .command('settle <key>')
    .description('Settle a held reservation by hand: --accepted charges it (the message went), --rejected releases it')
    .option('--accepted', 'the provider took the message: charge what was reserved')
    .option('--rejected', 'the message did not go: release the money')
    .requiredOption('--note <text>', 'why (e.g. what the provider portal shows)')
    .requiredOption('--operator <name>', 'who settles it')
    .option('--json', 'print JSON')
    .action(async (key: string, o: { accepted?: boolean; rejected?: boolean; note: string; operator: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        if (o.accepted === o.rejected) throw new TidingsError('VALIDATION_FAILED', 'Give exactly one of --accepted (charge it) or --rejected (release it).');
        const result = await settleHeldReservation(ctx.store.db, { key, outcome: o.accepted ? 'accepted' : 'rejected', note: o.note, operator: o.operator });
        printResult(io, o.json, result, (r) => `${r.outcome === 'accepted' ? 'charged' : 'released'}: ${formatMinor(r.amountMinor)} (${r.key})`);
      });
    });

  wallet
    .command('history <account>')
    .description('Latest ledger entries')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { limit: string; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const account = await getSmsAccount(ctx.store.db, ctx.secrets, name);
        const entries = await ledgerEntries(ctx.store.db, account.id, Math.min(1000, Math.max(1, Number(o.limit) || 50)));
        if (entries.length === 0) process.exitCode = 3;
        printResult(io, o.json, entries, (e) =>
          formatTable(e.map((x) => ({ id: x.id, at: new Date(x.createdAt).toISOString(), kind: x.kind, amount: formatMinor(x.amountMinor), parts: x.parts, key: x.key, note: x.reference ?? x.reason ?? '', by: x.operator }))),
        );
      });
    });
}
