import { TidingsError } from '../../platform/errors/index.js';
import { foldHeader } from './header.safety.js';
import { CUSTOM_PREFIX, readPath, type MergeContext } from './merge-context.js';
import { createMergeEnvironment, type MergeEnvironment } from './merge.helpers.js';
import { checkMergeFields, parseTemplate, TEMPLATE_HELPERS, type FieldRef, type TemplatePart } from './merge-fields.checker.js';
import { compileMjml } from './mjml.compiler.js';
import { finishSms, smsCharacters } from './sms.text.js';
import { deriveTextTemplate, htmlToText, tidyText } from './text.alternative.js';
import { chooseVariant, inferLanguage, type ChainStep, type VariantContent } from './template-variants.js';

/** Which language variant was rendered and how it was chosen (see chooseVariant). */
export interface RenderedLanguage {
  /** The variant's language: `zh-CN`, `en`. */
  language: string;
  /** The fallback chain that led to it ("en-GB → en ✓"). */
  chain: readonly ChainStep[];
}

/** One attachment as stored with a template version (`template_versions.attachments` JSON). */
export interface AttachmentSpec {
  readonly filename: string;
  readonly contentType: string;
  /** A file on the server (uploaded attachments live under the data directory). */
  readonly path?: string;
  /** Small inline content, base64. */
  readonly contentBase64?: string;
}

/** A rendered email, ready for the transport. Header-bound values are single-line. */
export interface RenderedEmail {
  /** Folded onto one line: CR/LF in merge values become spaces. */
  subject: string;
  /** Empty for plain-text templates (send only the text part then). */
  html: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; path?: string; content?: Buffer }>;
  /** The language variant used and its fallback chain. */
  variant: RenderedLanguage;
}

/** A rendered SMS: the exact text to submit (signature and opt-out included) and its length. */
export interface RenderedSms {
  /** The full text the recipient reads: 【signature】 + body (+ opt-out for marketing). */
  text: string;
  /** Unicode code points of `text`; parts per provider come from `countSegments` (src/send/sms). */
  characters: number;
  /** `text` without the account signature, for providers that add it themselves (Aliyun SignName). */
  body: string;
  /** The 【signature】 prepended, or "" (no account signature, or the template wrote it). */
  signature: string;
  /** The language variant used and its fallback chain. */
  variant: RenderedLanguage;
}

/**
 * `send`: a missing value renders as its default or empty, never throws (a campaign must not
 * stop on one incomplete record). `strict`: any unknown field or unguarded empty value throws
 * `TEMPLATE_UNKNOWN_FIELD` / `TEMPLATE_MISSING_VALUE` naming the field and line (previews).
 */
export type RenderMode = 'send' | 'strict';

/** A template version compiled once; rendering it per recipient is synchronous and cheap. */
export interface CompiledTemplate {
  readonly channel: 'email' | 'sms';
  readonly versionId: number;
  /** Every merge field the version uses, with its line (for editors and strict checks). */
  readonly fields: readonly FieldRef[];
  /** The version's languages, default first. */
  readonly languages: readonly string[];
  readonly defaultLanguage: string;
  renderEmail(ctx: MergeContext, mode: RenderMode): RenderedEmail;
  renderSms(ctx: MergeContext, mode: RenderMode): RenderedSms;
}

/** The stored content of one template version, as the compiler needs it. */
export interface TemplateSource {
  readonly channel: 'email' | 'sms';
  readonly versionId: number;
  readonly subject: string | null;
  readonly bodyFormat: 'mjml' | 'html' | 'text';
  readonly body: string;
  /** Hand-written text part; derived from the HTML when null. */
  readonly textBody: string | null;
  readonly attachments: readonly AttachmentSpec[];
  readonly isMarketing: boolean;
  /** Language of the content above (the default variant); inferred from it when absent. */
  readonly language?: string;
  /** The same message in other languages (format, attachments and marketing flag shared). */
  readonly variants?: readonly VariantContent[];
}

/** Options for {@link compileTemplate}. */
export interface CompileOptions {
  /** Defined custom field names; others are unknown fields at compile time. Omitted: checked per recipient in strict mode. */
  readonly customFields?: readonly string[] | undefined;
  /**
   * How the text part is made when not hand-written: `derive` (default) converts the HTML
   * template to a text template once; `per-recipient` converts each merged HTML (slower, kept for
   * the benchmark and as the fallback when derivation loses a block tag).
   */
  readonly textStrategy?: 'derive' | 'per-recipient';
}

const htmlEnv = createMergeEnvironment('html');
const textEnv = createMergeEnvironment('text');
const KNOWN_HELPERS = Object.fromEntries([...TEMPLATE_HELPERS].map((name) => [name, true]));

/** A precompiled part: merges one context, with the language the variant is written in (helpers read it). */
type Merge = (ctx: MergeContext, language: string) => string;

const SAMPLE: MergeContext = {
  customer: { id: 0, displayName: '', custom: {} },
  account: { displayName: '' },
  campaign: { id: 0, name: '' },
  links: { unsubscribe: '' },
  now: new Date(0),
};

/** Compiles one part with Handlebars now (not lazily on first use), so errors surface at save time. */
function handlebars(env: MergeEnvironment, source: string, part: TemplatePart, html: boolean): Merge {
  const fn = env.compile<MergeContext>(source, {
    knownHelpers: KNOWN_HELPERS,
    knownHelpersOnly: true,
    noEscape: !html,
    strict: false,
    preventIndent: true,
  });
  try {
    fn(SAMPLE);
  } catch (error) {
    throw new TidingsError('TEMPLATE_SYNTAX_INVALID', `The ${part} does not compile: ${(error as Error).message}`, { context: { part }, cause: error });
  }
  return (ctx, language) => fn(ctx, { data: { language } });
}

/** The unsubscribe link's words in the variant's language; content of no known language gets both. */
function unsubscribeLabel(language: string): string {
  if (/^zh\b/i.test(language)) return '退订';
  if (/^en\b/i.test(language)) return 'Unsubscribe';
  return '退订 Unsubscribe';
}

const SIGNATURE_MJML = '<mj-section><mj-column><mj-text>{{signature}}</mj-text></mj-column></mj-section>';
const unsubscribeMjml = (label: string) =>
  `<mj-section><mj-column><mj-text font-size="12px" color="#888888" align="center"><a href="{{unsubscribeUrl}}" style="color:#888888">${label}</a></mj-text></mj-column></mj-section>`;
const SIGNATURE_HTML = '<div>{{signature}}</div>';
const unsubscribeHtml = (label: string) => `<p style="font-size:12px;color:#888888;text-align:center"><a href="{{unsubscribeUrl}}" style="color:#888888">${label}</a></p>`;

/** Inserts markup before the last closing tag (`</mj-body>`, `</body>`), or appends it. */
function insertBefore(source: string, closing: RegExp, markup: string): string {
  const matches = [...source.matchAll(closing)];
  const last = matches.at(-1);
  if (last?.index === undefined) return `${source}\n${markup}`;
  return `${source.slice(0, last.index)}${markup}\n${source.slice(last.index)}`;
}

const usesUnsubscribe = (refs: readonly FieldRef[]): boolean => refs.some((r) => r.path === 'links.unsubscribe');

/**
 * Compiles a template version: checks merge fields on the sources the user wrote (so lines
 * match their file), appends the signature (and, for marketing email, an unsubscribe link) when
 * the template does not place them, runs MJML once, and precompiles every part with Handlebars.
 */
export async function compileTemplate(source: TemplateSource, options: CompileOptions = {}): Promise<CompiledTemplate> {
  const language = source.language ?? inferLanguage(`${source.subject ?? ''}${source.body}`);
  const contents: VariantContent[] = [{ language, subject: source.subject, body: source.body, textBody: source.textBody }, ...(source.variants ?? [])];
  const variants = await Promise.all(
    contents.map(async (content, i) => {
      try {
        return await compileVariant({ ...source, ...content }, options);
      } catch (error) {
        // Name the language tab the problem is in; the default one keeps its message as it was.
        if (i === 0 || !(error instanceof TidingsError)) throw error;
        throw new TidingsError(error.code, `${content.language}: ${error.message}`, { context: { ...error.context, language: content.language }, cause: error });
      }
    }),
  );
  return new CompiledVersion(source, variants);
}

/** One language's compiled parts. */
interface CompiledVariant {
  readonly language: string;
  readonly fields: readonly FieldRef[];
  readonly mergeSubject: Merge | undefined;
  readonly mergeHtml: Merge | undefined;
  readonly mergeText: Merge | undefined;
  readonly mergeSms: Merge | undefined;
}

async function compileVariant(source: TemplateSource & { readonly language: string }, options: CompileOptions): Promise<CompiledVariant> {
  const { customFields } = options;
  const variant = (mergeSubject: Merge | undefined, mergeHtml: Merge | undefined, mergeText: Merge | undefined, mergeSms: Merge | undefined) => ({
    language: source.language,
    fields,
    mergeSubject,
    mergeHtml,
    mergeText,
    mergeSms,
  });
  const check = (text: string, part: TemplatePart, html: boolean) => checkMergeFields(parseTemplate(text, part), { part, html, customFields });
  const htmlBody = source.bodyFormat !== 'text';
  const subjectFacts = check(source.subject ?? '', 'subject', false);
  const bodyFacts = check(source.body, 'body', htmlBody);
  const textFacts = source.textBody === null ? undefined : check(source.textBody, 'text', false);
  const fields = [...subjectFacts.refs, ...bodyFacts.refs, ...(textFacts?.refs ?? [])];

  if (source.channel === 'sms') {
    if (source.bodyFormat !== 'text') {
      throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', 'An SMS template must be plain text', { context: { versionId: source.versionId } });
    }
    const merge = handlebars(textEnv, source.body, 'body', false);
    return variant(undefined, undefined, undefined, merge);
  }

  const wantsUnsubscribe = source.isMarketing && !usesUnsubscribe(bodyFacts.refs);
  const label = unsubscribeLabel(source.language);
  let body = source.body;
  if (source.bodyFormat === 'mjml') {
    if (!bodyFacts.usesSignature) body = insertBefore(body, /<\/mj-body\s*>/gi, SIGNATURE_MJML);
    if (wantsUnsubscribe) body = insertBefore(body, /<\/mj-body\s*>/gi, unsubscribeMjml(label));
  } else if (source.bodyFormat === 'html') {
    if (!bodyFacts.usesSignature) body = insertBefore(body, /<\/body\s*>/gi, SIGNATURE_HTML);
    if (wantsUnsubscribe) body = insertBefore(body, /<\/body\s*>/gi, unsubscribeHtml(label));
  } else {
    if (!bodyFacts.usesSignature) body = `${body.trimEnd()}\n\n{{signature}}`;
    if (wantsUnsubscribe) body = `${body}\n\n${label}: {{unsubscribeUrl}}`;
  }

  const html = source.bodyFormat === 'mjml' ? await compileMjml(body) : source.bodyFormat === 'html' ? body : undefined;
  const mergeSubject = handlebars(textEnv, source.subject ?? '', 'subject', false);
  const mergeHtml = html === undefined ? undefined : handlebars(htmlEnv, html, 'body', true);

  let mergeText: Merge | undefined;
  if (source.textBody !== null) {
    let text = source.textBody;
    if (!textFacts?.usesSignature) text = `${text.trimEnd()}\n\n{{signature}}`;
    if (source.isMarketing && !usesUnsubscribe(textFacts?.refs ?? [])) text = `${text}\n\n${label}: {{unsubscribeUrl}}`;
    mergeText = handlebars(textEnv, text, 'text', false);
  } else if (html === undefined) {
    mergeText = handlebars(textEnv, body, 'body', false);
  } else if (options.textStrategy !== 'per-recipient') {
    const derived = deriveTextTemplate(html);
    if (derived !== undefined) {
      try {
        mergeText = handlebars(textEnv, derived, 'text', false);
      } catch {
        mergeText = undefined; // the derived text lost structure: convert per recipient instead
      }
    }
  }
  return variant(mergeSubject, mergeHtml, mergeText, undefined);
}

class CompiledVersion implements CompiledTemplate {
  readonly channel: 'email' | 'sms';
  readonly versionId: number;
  readonly fields: readonly FieldRef[];
  readonly languages: readonly string[];
  readonly defaultLanguage: string;
  readonly #attachments: RenderedEmail['attachments'];

  constructor(
    private readonly source: TemplateSource,
    private readonly variants: readonly CompiledVariant[],
  ) {
    this.channel = source.channel;
    this.versionId = source.versionId;
    this.fields = variants.flatMap((v) => v.fields);
    this.languages = variants.map((v) => v.language);
    this.defaultLanguage = this.languages[0] ?? 'en';
    this.#attachments = source.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      ...(a.path === undefined ? {} : { path: a.path }),
      ...(a.contentBase64 === undefined ? {} : { content: Buffer.from(a.contentBase64, 'base64') }),
    }));
  }

  /** The recipient's variant, by the one rule in template-variants.ts. */
  #choose(ctx: MergeContext): { compiled: CompiledVariant; variant: RenderedLanguage } {
    const choice = chooseVariant(this.languages, this.defaultLanguage, ctx.customer ?? {});
    const compiled = this.variants.find((v) => v.language === choice.language) ?? this.variants[0];
    if (!compiled) throw new TidingsError('NOT_FOUND', `Template version ${this.versionId} has no content`, { context: { versionId: this.versionId } });
    return { compiled, variant: { language: choice.language, chain: choice.chain } };
  }

  renderEmail(ctx: MergeContext, mode: RenderMode): RenderedEmail {
    const { compiled, variant } = this.#choose(ctx);
    const { mergeSubject, mergeHtml, mergeText, language } = compiled;
    if (this.channel !== 'email' || !mergeSubject) {
      throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', `Template version ${this.versionId} is an SMS template`, { context: { versionId: this.versionId } });
    }
    if (mode === 'strict') assertComplete(compiled.fields, ctx);
    const html = mergeHtml?.(ctx, language) ?? '';
    const text = mergeText ? tidyText(mergeText(ctx, language)) : htmlToText(html);
    return {
      subject: foldHeader(mergeSubject(ctx, language)),
      html,
      text,
      // A fresh array per message: the transport may add to it; Buffers are shared, never written.
      attachments: this.#attachments.map((a) => ({ ...a })),
      variant,
    };
  }

  renderSms(ctx: MergeContext, mode: RenderMode): RenderedSms {
    const { compiled, variant } = this.#choose(ctx);
    if (this.channel !== 'sms' || !compiled.mergeSms) {
      throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', `Template version ${this.versionId} is an email template`, { context: { versionId: this.versionId } });
    }
    if (mode === 'strict') assertComplete(compiled.fields, ctx);
    const sms = finishSms(compiled.mergeSms(ctx, compiled.language), ctx, this.source.isMarketing, compiled.language);
    return { text: sms.text, characters: smsCharacters(sms.text), body: sms.body, signature: sms.signature, variant };
  }
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Strict mode: every referenced custom field must exist on this customer, and every output field
 * not guarded by `default`/`{{#if}}` must have a value. Reports all problems at once.
 */
function assertComplete(fields: readonly FieldRef[], ctx: MergeContext): void {
  const unknown: FieldRef[] = [];
  const missing: FieldRef[] = [];
  for (const ref of fields) {
    if (ref.path.startsWith(CUSTOM_PREFIX)) {
      const name = ref.path.slice(CUSTOM_PREFIX.length);
      if (!Object.hasOwn(ctx.customer?.custom ?? {}, name)) {
        unknown.push(ref);
        continue;
      }
    }
    if (!ref.guarded && isEmpty(readPath(ctx, ref.path))) missing.push(ref);
  }
  const where = (refs: FieldRef[]) => refs.map((r) => `${r.path} (${r.part} line ${r.line})`).join(', ');
  const context = (refs: FieldRef[]) => ({
    field: refs[0]?.path,
    line: refs[0]?.line,
    part: refs[0]?.part,
    fields: refs.map((r) => ({ field: r.path, line: r.line, part: r.part })),
  });
  if (unknown.length > 0) {
    throw new TidingsError('TEMPLATE_UNKNOWN_FIELD', `Unknown merge field${unknown.length > 1 ? 's' : ''} for this customer: ${where(unknown)}`, {
      context: context(unknown),
    });
  }
  if (missing.length > 0) {
    throw new TidingsError('TEMPLATE_MISSING_VALUE', `No value and no default for: ${where(missing)}. Use {{default <field> "…"}} or fill the record.`, {
      context: context(missing),
    });
  }
}
