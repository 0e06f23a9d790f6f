import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { withContext } from '../cli-context.js';
import { formatTable, printResult, type CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';
import { SMS_PROVIDER_KINDS, type SmsProviderKind } from '../../adapters/sms/index.js';
import { readCompanyProfile } from '../../modules/company/index.js';
import { describeChain, installBuiltins, renderPreview, TemplateRenderer, TemplateRepository, versionVariants, type VersionInput } from '../../modules/templates/index.js';

interface ContentOptions {
  mjml?: string;
  html?: string;
  text?: string;
  subject?: string;
  language?: string;
  variants?: string;
  marketing?: boolean;
  json?: boolean;
}

const contentOptions = (command: Command): Command =>
  command
    .option('--mjml <file>', 'MJML layout file')
    .option('--html <file>', 'plain HTML body file')
    .option('--text <file>', 'plain text: the body when alone, else the hand-written text part')
    .option('--subject <subject>', 'subject line (email); merge tags allowed')
    .option('--language <tag>', 'language of this content, e.g. zh-CN or en (default: guessed from the text)')
    .option('--variants <file>', 'JSON file: the same message in other languages, [{"language":"en","subject":"…","body":"…"}]')
    .option('--no-marketing', 'transactional/personal: no unsubscribe link or SMS opt-out text')
    .option('--json', 'print JSON');

/** Builds a version from the files named on the command line. */
async function readContent(opts: ContentOptions): Promise<VersionInput> {
  if (opts.mjml && opts.html) throw new TidingsError('VALIDATION_FAILED', 'Give either --mjml or --html, not both');
  const read = (file: string) => readFile(file, 'utf8');
  const text = opts.text ? await read(opts.text) : undefined;
  // The variants are checked by the templates module (languages, subjects), like any other input.
  let variants: VersionInput['variants'];
  if (opts.variants) {
    try {
      variants = JSON.parse(await read(opts.variants)) as VersionInput['variants'];
    } catch (error) {
      throw new TidingsError('VALIDATION_FAILED', `${opts.variants} is not JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  const base = {
    subject: opts.subject ?? null,
    isMarketing: opts.marketing !== false,
    ...(opts.language ? { language: opts.language } : {}),
    ...(variants ? { variants } : {}),
  };
  if (opts.mjml) return { ...base, bodyFormat: 'mjml', body: await read(opts.mjml), textBody: text ?? null };
  if (opts.html) return { ...base, bodyFormat: 'html', body: await read(opts.html), textBody: text ?? null };
  if (text !== undefined) return { ...base, bodyFormat: 'text', body: text };
  throw new TidingsError('VALIDATION_FAILED', 'Give the body with --mjml <file>, --html <file> or --text <file>');
}

const versionSummary = (v: { id: number; version: number; body_format: string; subject: string | null; created_at: number }) => ({
  versionId: v.id,
  version: v.version,
  format: v.body_format,
  subject: v.subject,
  created: new Date(v.created_at).toISOString(),
});

/** Adds `tidings templates …` to the program. */
export function registerTemplatesCommands(program: Command, io: CliIo): void {
  const templates = program.command('templates').description('email and SMS templates: MJML layouts, merge fields, greetings, previews');

  templates
    .command('list')
    .description('list templates')
    .option('--channel <channel>', 'email or sms')
    .option('--json', 'print JSON')
    .action(async (opts: { channel?: string; json?: boolean }) => {
      if (opts.channel && opts.channel !== 'email' && opts.channel !== 'sms') throw new TidingsError('VALIDATION_FAILED', '--channel must be email or sms');
      await withContext(io, async (ctx) => {
        const rows = await new TemplateRepository({ db: ctx.store.db }).list(opts.channel ? { channel: opts.channel as 'email' | 'sms' } : {});
        const data = rows.map((r) => ({ id: r.id, name: r.name, channel: r.channel, currentVersion: r.current_version, builtin: r.builtin }));
        printResult(io, opts.json, data, (d) => formatTable(d));
        if (rows.length === 0) process.exitCode = 3;
      });
    });

  templates
    .command('show <template>')
    .description('show a template (name or id), its versions, and the content of one version')
    // Not --version: the root program owns that flag wherever it appears (commander's
    // non-positional options), so `--version 2` would print the Tidings version instead.
    .option('--ver <n>', 'version number (default: current)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { ver?: number; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const repository = new TemplateRepository({ db: ctx.store.db });
        const { template, version } = await repository.getVersionByNumber(name, opts.ver);
        const versions = (await repository.listVersions(template.id)).map(versionSummary);
        const { language, variants } = versionVariants(template, version, (await repository.listVariants([Number(version.id)])).get(Number(version.id)) ?? []);
        const data = {
          id: template.id,
          name: template.name,
          channel: template.channel,
          builtin: template.builtin,
          currentVersion: template.current_version,
          versions,
          shown: {
            ...versionSummary(version),
            isMarketing: version.is_marketing === 1,
            language,
            body: version.body,
            textBody: version.text_body,
            attachments: JSON.parse(version.attachments) as unknown,
            variants: variants.slice(1),
          },
        };
        printResult(io, opts.json, data, (d) =>
          [
            `${d.name} (#${d.id}, ${d.channel}, current version ${d.currentVersion})`,
            formatTable(d.versions),
            '',
            `--- version ${d.shown.version} (${d.shown.format}), ${[d.shown.language, ...d.shown.variants.map((v) => v.language)].join(', ')}`,
            d.shown.subject ? `Subject: ${d.shown.subject}` : '',
            d.shown.body,
          ]
            .filter((l) => l !== '')
            .join('\n'),
        );
      });
    });

  contentOptions(
    templates
      .command('create <name>')
      .description('create a template with its first version')
      .option('--channel <channel>', 'email or sms', 'email'),
  ).action(async (name: string, opts: ContentOptions & { channel: string }) => {
    if (opts.channel !== 'email' && opts.channel !== 'sms') throw new TidingsError('VALIDATION_FAILED', '--channel must be email or sms');
    const version = await readContent(opts);
    await withContext(io, async (ctx) => {
      const { template, version: row } = await new TemplateRepository({ db: ctx.store.db }).create({ name, channel: opts.channel as 'email' | 'sms', version });
      printResult(io, opts.json, { id: template.id, name: template.name, channel: template.channel, version: row.version, versionId: row.id }, (d) => `created template ${d.name} (#${d.id}), version ${d.version}`);
    });
  });

  contentOptions(templates.command('add-version <template>').description('add a new version (it becomes current; older versions stay as they were)')).action(
    async (name: string, opts: ContentOptions) => {
      const version = await readContent(opts);
      await withContext(io, async (ctx) => {
        const row = await new TemplateRepository({ db: ctx.store.db }).addVersion(name, version);
        printResult(io, opts.json, { templateId: row.template_id, version: row.version, versionId: row.id }, (d) => `template #${d.templateId}: version ${d.version} added and current`);
      });
    },
  );

  templates
    .command('preview <template>')
    .description('render a template for one customer (or a sample customer)')
    // Not --version: the root program owns that flag wherever it appears (commander's
    // non-positional options), so `--version 2` would print the Tidings version instead.
    .option('--ver <n>', 'version number (default: current)', (v) => Number(v))
    .option('--customer <id>', 'customer id', (v) => Number(v))
    .option('--account <id>', 'sending account id (mail or SMS)', (v) => Number(v))
    .option('--provider <provider>', `SMS: count parts as ${SMS_PROVIDER_KINDS.join(', ')} does`)
    .option('--strict', 'fail on unknown fields and empty values without a default')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { ver?: number; customer?: number; account?: number; provider?: string; strict?: boolean; json?: boolean }) => {
      if (opts.provider && !(SMS_PROVIDER_KINDS as readonly string[]).includes(opts.provider)) throw new TidingsError('VALIDATION_FAILED', `--provider must be one of ${SMS_PROVIDER_KINDS.join(', ')}`);
      await withContext(io, async (ctx) => {
        const renderer = new TemplateRenderer({ db: ctx.store.db, logger: ctx.logger });
        const result = await renderPreview(
          { db: ctx.store.db, renderer },
          {
            template: name,
            ...(opts.ver === undefined ? {} : { version: opts.ver }),
            ...(opts.customer === undefined ? {} : { customerId: opts.customer }),
            ...(opts.account === undefined ? {} : { accountId: opts.account }),
            ...(opts.provider ? { provider: opts.provider as SmsProviderKind } : {}),
            strict: opts.strict === true,
          },
        );
        const chosen = { language: result.variant.language, chain: describeChain(result.variant.chain) };
        const data =
          result.channel === 'email'
            ? { channel: result.channel, versionId: result.versionId, ...chosen, subject: result.subject, html: result.html, text: result.text, attachments: result.attachments.map((a) => a.filename) }
            : { channel: result.channel, versionId: result.versionId, ...chosen, text: result.text, characters: result.characters, ...(result.segments ? { provider: result.provider, encoding: result.segments.encoding, parts: result.segments.segments } : {}) };
        printResult(io, opts.json, data, (d) =>
          'subject' in d
            ? `Language: ${d.chain}\nSubject: ${d.subject}\n\n${d.text}`
            : `Language: ${d.chain}\n${d.text}\n\n${d.characters} characters${'parts' in d ? `, ${d.parts} part(s) at ${d.provider} (${d.encoding})` : ''}`,
        );
      });
    });

  templates
    .command('install-builtins')
    .description('install the bundled templates (holiday greetings, birthday, product news, handwritten letter, SMS)')
    .option('--update', 'add the bundled content as a new version where the current version differs')
    .option('--json', 'print JSON')
    .action(async (opts: { update?: boolean; json?: boolean }) => {
      await withContext(io, async (ctx) => {
        const defaultLanguage = (await readCompanyProfile(ctx.store.db)).language;
        const results = await installBuiltins(new TemplateRepository({ db: ctx.store.db }), { update: opts.update === true, defaultLanguage });
        printResult(io, opts.json, results, (r) => formatTable(r.map((x) => ({ ...x }))));
      });
    });
}
