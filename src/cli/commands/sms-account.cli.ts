import type { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { jsonFlag, readSecretFromStdin } from './cli-input.js';
import { createSmsAccount, deleteSmsAccount, getSmsAccount, listSmsAccounts, rotateSmsWebhookToken, setDefaultSmsAccount, type SmsAccountInput, type SmsAccountView, smsWebhookUrls } from '../../modules/accounts/index.js';

const WEBHOOK_AUTH_TEXT = { signature: 'signed by the provider', token: 'token in the callback URL', none: 'none (reports over its own connection)' } as const;

const describe = (a: SmsAccountView): string =>
  [
    `${a.name}${a.isDefault ? ' (default)' : ''}: ${a.provider}`,
    `  credentials: ${Object.entries(a.credentials).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `  sender id: ${a.senderId ?? '-'}  signature: ${a.signature ?? '-'}`,
    `  currency: ${a.currency}  time zone: ${a.timeZone}`,
    `  settings: ${JSON.stringify(a.settings)}`,
    `  webhooks: ${WEBHOOK_AUTH_TEXT[a.webhook.auth]}${a.webhook.auth === 'token' ? (a.webhook.tokenSet ? ', token set (••••)' : ', NO TOKEN: every callback is refused; run rotate-webhook-token') : ''}`,
  ].join('\n');

/** `tidings sms-account add|list|show|delete|set-default|rotate-webhook-token`. */
export function registerSmsAccountCommands(program: Command, io: CliIo): void {
  const sms = program.command('sms-account').description('SMS sending accounts (Twilio, Aliyun, Tencent Cloud, SMPP)');

  sms
    .command('add')
    .description('add an SMS account; credentials are read as JSON from standard input')
    .requiredOption('--name <name>', 'short name')
    .requiredOption('--provider <provider>', 'twilio, aliyun, tencent, smpp or sandbox')
    .requiredOption(
      '--credentials-stdin',
      'read credentials JSON from stdin: twilio {"accountSid","authToken"}, aliyun {"accessKeyId","accessKeySecret"}, tencent {"secretId","secretKey"}, smpp {"systemId","password"}',
    )
    .option('--settings <json>', 'non-secret provider settings as a JSON object (endpoint, template code, tencent {"sdkAppId","templateId","region"}, SMPP host/port…)')
    .option('--sender-id <id>', 'sender id or number')
    .option('--signature <text>', 'signature, e.g. 【某某公司】')
    .option('--currency <code>', 'ISO 4217 currency (default CNY)')
    .option('--time-zone <zone>', 'time zone for statistics (default Asia/Shanghai)')
    .option('--default', 'make it the default SMS account')
    .option('--json', 'print JSON')
    .action(async (flags: { name: string; provider: string; settings?: string; senderId?: string; signature?: string; currency?: string; timeZone?: string; default?: boolean; json?: boolean }) => {
      await withContext(io, async (context) => {
        const credentials = jsonFlag('credentials on stdin', await readSecretFromStdin(io, 'credentials JSON'));
        const input = {
          name: flags.name,
          provider: flags.provider,
          credentials,
          settings: jsonFlag('--settings', flags.settings),
          senderId: flags.senderId,
          signature: flags.signature,
          currency: flags.currency,
          timeZone: flags.timeZone,
          isDefault: flags.default ?? false,
        } as SmsAccountInput;
        printResult(io, flags.json, await createSmsAccount(context.store.db, context.secrets, input, { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS }), (a) => `added ${describe(a)}`);
      });
    });

  sms
    .command('list')
    .description('list SMS accounts')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await listSmsAccounts(context.store.db, context.secrets), (list) =>
          formatTable(list.map((a) => ({ name: a.name, default: a.isDefault ? '*' : '', provider: a.provider, signature: a.signature ?? '', currency: a.currency }))),
        );
      });
    });

  sms
    .command('show <name>')
    .description('show one SMS account (credentials masked)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await getSmsAccount(context.store.db, context.secrets, name), describe);
      });
    });

  sms
    .command('set-default <name>')
    .description('make this the default SMS account')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await setDefaultSmsAccount(context.store.db, context.secrets, name), (a) => `${a.name} is now the default SMS account`);
      });
    });

  sms
    .command('rotate-webhook-token <name>')
    .description('make a new webhook token (the old callback links stop working) and print the callback links once (Aliyun, Tencent Cloud)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        const { account, token } = await rotateSmsWebhookToken(context.store.db, context.secrets, name);
        const base = context.config.BILLING_SMS_WEBHOOK_BASE_URL;
        const urls = smsWebhookUrls(base ?? '', account.name, token);
        printResult(io, flags.json, { account: account.name, token, statusUrl: urls.status, inboundUrl: urls.inbound }, (r) =>
          [
            `new webhook token for ${r.account}; it is shown only this once, paste the links into the provider console now:`,
            `  delivery receipts: ${r.statusUrl}`,
            `  inbound messages:  ${r.inboundUrl}`,
            ...(base ? [] : ['  (prefix the links with the public https URL of Tidings, or set BILLING_SMS_WEBHOOK_BASE_URL)']),
            'the old links stop working now.',
          ].join('\n'),
        );
      });
    });

  sms
    .command('delete <name>')
    .description('delete an SMS account (campaigns using it are paused)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        await deleteSmsAccount(context.store.db, name);
        printResult(io, flags.json, { deleted: name }, () => `deleted ${name}`);
      });
    });
}
