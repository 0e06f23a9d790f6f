import type { Kysely } from 'kysely';
import type { SmsProviderKind } from '../../adapters/sms/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { MergeContext } from './merge-context.js';
import { createMergeEnvironment } from './merge.helpers.js';
import { parseTemplate, TEMPLATE_HELPERS } from './merge-fields.checker.js';
import { finishSms } from './sms.text.js';
import { TemplateRepository, versionVariants } from './templates.repository.js';

/** One provider template parameter and the merge tag (as written in the template) that fills it. */
export interface ProviderParam {
  /** Aliyun's `${name}` name, or the position "1", "2", … for positional providers. */
  readonly name: string;
  /** The merge tag it is filled from, e.g. `{{customer.displayName}}` or `{{default customer.custom.city "本地"}}`. */
  readonly source: string;
}

/** A template variant in a provider's syntax, ready to submit. */
export interface ProviderText {
  /** The text with the provider's placeholders, whitespace tidied and the opt-out line added like a sent message. */
  readonly content: string;
  readonly params: readonly ProviderParam[];
}

/** How to convert: the provider's placeholder syntax and the rules of the finished text. */
export interface ProviderTextOptions {
  readonly placeholders: 'named' | 'positional';
  readonly provider: SmsProviderKind;
  readonly isMarketing: boolean;
  readonly language: string;
}

const textEnv = createMergeEnvironment('text');
const KNOWN_HELPERS = Object.fromEntries([...TEMPLATE_HELPERS].map((name) => [name, true]));

/** Offsets of the start of each line, for Handlebars' line/column locations. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return starts;
}

function nameFor(node: hbs.AST.MustacheStatement): string {
  const first = node.params[0];
  const path = first?.type === 'PathExpression' ? (first as hbs.AST.PathExpression).original : (node.path as hbs.AST.PathExpression).original;
  const last = String(path).split('.').at(-1) ?? 'value';
  const clean = last.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `v${clean}`;
}

/**
 * Converts an SMS template variant to a provider's template: each merge tag becomes a placeholder
 * (`${name}` named, `{1}` positional, in order of appearance; a tag repeated verbatim reuses its
 * name), the text is finished like a sent message (whitespace, the opt-out line of marketing
 * texts; no 【signature】, which providers add from the sign name). Conditional blocks cannot
 * be expressed in a provider template: TEMPLATE_PROVIDER_UNSUPPORTED says what to change.
 */
export function providerTemplateText(body: string, options: ProviderTextOptions): ProviderText {
  const program = parseTemplate(body, 'body');
  const starts = lineStarts(body);
  const offset = (loc: hbs.AST.Position) => (starts[loc.line - 1] ?? 0) + loc.column;
  const params: ProviderParam[] = [];
  const bySource = new Map<string, string>();
  const used = new Set<string>();
  let text = '';
  for (const node of program.body) {
    if (node.type === 'ContentStatement') {
      text += (node as hbs.AST.ContentStatement).value;
    } else if (node.type === 'CommentStatement') {
      continue;
    } else if (node.type === 'MustacheStatement') {
      const source = body.slice(offset(node.loc.start), offset(node.loc.end));
      let name = options.placeholders === 'named' ? bySource.get(source) : undefined;
      if (name === undefined) {
        if (options.placeholders === 'positional') name = String(params.length + 1);
        else {
          const base = nameFor(node as hbs.AST.MustacheStatement);
          name = base;
          for (let n = 2; used.has(name); n++) name = `${base}${n}`;
        }
        used.add(name);
        bySource.set(source, name);
        params.push({ name, source });
      }
      text += options.placeholders === 'named' ? `\${${name}}` : `{${name}}`;
    } else {
      const line = node.loc.start.line;
      throw new TidingsError(
        'TEMPLATE_PROVIDER_UNSUPPORTED',
        `Line ${line} of the SMS text has a conditional or repeated part ({{#…}}), which a provider template cannot hold. Write the text with plain merge fields only (use {{default field "text"}} for a fallback), then submit it again.`,
        { context: { line } },
      );
    }
  }
  const finished = finishSms(text, { account: { displayName: '', smsSignature: null, smsProvider: options.provider } }, options.isMarketing, options.language);
  return { content: finished.body, params };
}

/** Fills a provider template's parameters for one recipient, each from its merge tag, with the same helpers as the message. */
export function renderProviderParams(params: readonly ProviderParam[], ctx: MergeContext, language: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const param of params) {
    const fn = textEnv.compile<MergeContext>(param.source, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: true, strict: false });
    out[param.name] = fn(ctx, { data: { language } }).replace(/\s+/g, ' ').trim();
  }
  return out;
}

/** An SMS template version as a provider review needs it: its name, whether marketing, and each language's text. */
export interface SmsVersionForReview {
  readonly templateId: number;
  readonly templateName: string;
  readonly versionId: number;
  readonly version: number;
  readonly isMarketing: boolean;
  readonly variants: readonly { readonly language: string; readonly body: string }[];
}

/** Loads a template version (by template and version number, the current one when omitted) for review. Throws NOT_FOUND / TEMPLATE_CHANNEL_MISMATCH. */
export async function smsVersionForReview(db: Kysely<DatabaseSchema>, ref: { template: number | string; version?: number } | { versionId: number }): Promise<SmsVersionForReview> {
  const repo = new TemplateRepository({ db });
  const { template, version } = 'versionId' in ref ? await repo.getVersion(ref.versionId) : await repo.getVersionByNumber(ref.template, ref.version);
  if (template.channel !== 'sms') throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', `Template "${template.name}" is an email template; only SMS templates go to a provider for review.`);
  const rows = (await repo.listVariants([version.id])).get(version.id) ?? [];
  const { variants } = versionVariants(template, version, rows);
  return {
    templateId: template.id,
    templateName: template.name,
    versionId: version.id,
    version: version.version,
    isMarketing: version.is_marketing === 1,
    variants: variants.map((v) => ({ language: v.language, body: v.body })),
  };
}
