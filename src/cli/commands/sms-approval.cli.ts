import type { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { bindTemplateCode, listTemplateBindings, submitTemplate, syncPending, type TemplateBinding } from '../../modules/sms-approval/index.js';

const row = (b: TemplateBinding) => ({ id: b.id, version: b.versionId, language: b.language, account: b.smsAccountId, code: b.code ?? '', status: b.status, reason: b.reason ?? '' });

/** `tidings sms-template submit|sync|bind|list`: SMS templates as providers review them (same services as the web UI). */
export function registerSmsApprovalCommands(program: Command, io: CliIo): void {
  const cmd = program.command('sms-template').description('SMS templates at providers that review them (Aliyun, Tencent Cloud): submit, sync, bind a code');
  const depsOf = (context: Parameters<Parameters<typeof withContext>[1]>[0]) => ({
    db: context.store.db,
    secrets: context.secrets,
    guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS },
    clock: context.clock,
  });

  cmd
    .command('submit <template>')
    .description("submit every language of the template's version to the SMS account's provider for approval")
    .requiredOption('--account <sms-account>', 'SMS account name or id')
    .option('--version <n>', 'version number (default: current)', (v) => Number(v))
    .option('--remark <text>', "what it is for (the provider's reviewers read it)")
    .option('--json', 'print JSON')
    .action(async (template: string, flags: { account: string; version?: number; remark?: string; json?: boolean }) => {
      await withContext(io, async (context) => {
        const ref = /^\d+$/.test(template) ? Number(template) : template;
        const account = /^\d+$/.test(flags.account) ? Number(flags.account) : flags.account;
        const bindings = await submitTemplate(depsOf(context), { template: ref, version: flags.version, smsAccount: account, remark: flags.remark });
        printResult(io, flags.json, bindings, (b) => formatTable(b.map(row)));
      });
    });

  cmd
    .command('sync')
    .description('ask the providers where every pending template and signature stands')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await syncPending(depsOf(context), { limit: 50 }), (r) => `checked ${r.checked}, changed ${r.changed}, failed ${r.failed}`);
      });
    });

  cmd
    .command('bind <template> <code>')
    .description("bind a template code approved in the provider's console")
    .requiredOption('--account <sms-account>', 'SMS account name or id')
    .option('--language <tag>', 'the language variant (default: the default one)')
    .option('--version <n>', 'version number (default: current)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (template: string, code: string, flags: { account: string; language?: string; version?: number; json?: boolean }) => {
      await withContext(io, async (context) => {
        const ref = /^\d+$/.test(template) ? Number(template) : template;
        const account = /^\d+$/.test(flags.account) ? Number(flags.account) : flags.account;
        const binding = await bindTemplateCode(depsOf(context), { template: ref, version: flags.version, smsAccount: account, code, language: flags.language });
        printResult(io, flags.json, binding, (b) => formatTable([row(b)]));
      });
    });

  cmd
    .command('list')
    .description('provider template bindings')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContext(io, async (context) => {
        printResult(io, flags.json, await listTemplateBindings(depsOf(context)), (b) => formatTable(b.map(row)));
      });
    });
}
