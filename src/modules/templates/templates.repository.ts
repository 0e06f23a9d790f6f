import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { TidingsError } from '../../platform/errors/index.js';
import { isUniqueViolation, type DatabaseSchema, type TemplatesTable, type TemplateVersionsTable } from '../../platform/db/index.js';
import { compileTemplate, type AttachmentSpec, type CompiledTemplate, type CompileOptions, type TemplateSource } from './compiled-template.js';
import { assertSingleLineHeader } from './header.safety.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import type { TemplateVariantsTable } from './templates.tables.js';
import { inferLanguage, LanguageTagSchema, VariantInputSchema, type VariantContent } from './template-variants.js';

export type TemplateRow = Selectable<TemplatesTable>;
export type TemplateVersionRow = Selectable<TemplateVersionsTable>;
export type TemplateVariantRow = Selectable<TemplateVariantsTable>;

const AttachmentSchema = z.object({
  filename: z.string().trim().min(1).max(255).regex(/^[^\r\n\\/]+$/, 'a file name without path or line breaks'),
  contentType: z.string().trim().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type such as application/pdf'),
  path: z.string().min(1).optional(),
  contentBase64: z.string().optional(),
});

/**
 * Content of a new template version: its default content (subject, body, text part) in
 * `language`, and the same message in more languages under `variants`. Format, attachments and
 * the marketing flag are shared by every language.
 */
export const VersionInputSchema = z.object({
  /** Language of the default content; inferred from the text when absent (Chinese characters → zh-CN, else en). */
  language: LanguageTagSchema.optional(),
  /** The same message in other languages; each customer gets the one of their language. */
  variants: z.array(VariantInputSchema).max(20).default([]),
  /** Required for email, ignored for SMS. Merge tags allowed; must be one line. */
  subject: z.string().trim().max(998).nullish(),
  bodyFormat: z.enum(['mjml', 'html', 'text']),
  body: z.string().min(1, 'the body is empty').max(1_000_000),
  /** Hand-written text part; generated from the HTML when absent. */
  textBody: z.string().max(1_000_000).nullish(),
  attachments: z.array(AttachmentSchema).max(20).default([]),
  /** Marketing messages get an unsubscribe link / SMS opt-out text. Default true. */
  isMarketing: z.boolean().default(true),
});
export type VersionInput = z.input<typeof VersionInputSchema>;

/** A new template with its first version. */
export const TemplateInputSchema = z.object({
  name: z.string().trim().min(1).max(100).regex(/^[^\r\n]+$/, 'one line'),
  channel: z.enum(['email', 'sms']),
  /** Key of a bundled template (set by install-builtins). */
  builtin: z.string().nullish(),
  version: VersionInputSchema,
});
export type TemplateInput = z.input<typeof TemplateInputSchema>;

/** Options for {@link TemplateRepository}. */
export interface TemplateRepositoryOptions {
  readonly db: Kysely<DatabaseSchema>;
  /** Defined custom field names, checked at save time; omitted: any `customer.custom.x` is accepted. */
  readonly customFields?: readonly string[];
  /** Stamps created/updated times; defaults to the system clock. */
  readonly clock?: Clock;
}

function invalid(error: z.ZodError): TidingsError {
  return new TidingsError('VALIDATION_FAILED', error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), {
    context: { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  });
}

/**
 * A stored version's language variants, default first then in tab order. A version with no
 * variant rows (written by something that predates them) has one: its own content, in the
 * language that content is written in.
 */
export function versionVariants(template: Pick<TemplateRow, 'builtin'>, version: TemplateVersionRow, rows: readonly TemplateVariantRow[]): { language: string; variants: VariantContent[] } {
  if (rows.length === 0) {
    const language = inferLanguage(`${version.subject ?? ''}${version.body}`, template.builtin);
    return { language, variants: [{ language, subject: version.subject, body: version.body, textBody: version.text_body }] };
  }
  const ordered = [...rows].sort((a, b) => b.is_default - a.is_default || a.position - b.position);
  const variants = ordered.map((r) => ({ language: r.language, subject: r.subject, body: r.body, textBody: r.text_body }));
  return { language: variants[0]?.language ?? 'en', variants };
}

/** The compiler's view of a stored version with its language variants (see {@link versionVariants}). */
export function versionSource(template: Pick<TemplateRow, 'channel' | 'builtin'>, version: TemplateVersionRow, variantRows: readonly TemplateVariantRow[] = []): TemplateSource {
  const { language, variants } = versionVariants(template, version, variantRows);
  return {
    channel: template.channel,
    versionId: version.id,
    subject: version.subject,
    bodyFormat: version.body_format,
    body: version.body,
    textBody: version.text_body,
    attachments: JSON.parse(version.attachments) as AttachmentSpec[],
    isMarketing: version.is_marketing === 1,
    language,
    variants: variants.slice(1),
  };
}

/**
 * Templates and their versions. A version is written once and never changed (a database trigger
 * enforces it too); "editing" a template adds a version and moves `current_version`, so a running
 * campaign keeps the version id it started with. Every version is compiled before it is saved,
 * so MJML errors, malformed tags and unknown merge fields are reported at save time with lines.
 */
export class TemplateRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #customFields: readonly string[] | undefined;
  readonly #clock: Clock;

  constructor(options: TemplateRepositoryOptions) {
    this.#db = options.db;
    this.#customFields = options.customFields;
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates a template and its version 1. Throws CONFLICT when the name is taken. */
  async create(input: TemplateInput): Promise<{ template: TemplateRow; version: TemplateVersionRow }> {
    const parsed = TemplateInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const { name, channel, builtin, version } = parsed.data;
    await this.#validate(channel, version);
    const now = this.#clock.now();
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const template = await trx
          .insertInto('templates')
          .values({ name, channel, builtin: builtin ?? null, current_version: 1, created_at: now, updated_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        const row = await insertVersion(trx, template.id, 1, version, now);
        return { template, version: row };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new TidingsError('CONFLICT', `A template named "${name}" already exists`, { context: { name }, cause: error });
      throw error;
    }
  }

  /**
   * Adds a version and makes it current. The counter is bumped first with an UPDATE, which
   * serialises concurrent editors on the template row (PostgreSQL row lock, SQLite's single
   * writer), so two editors get versions N+1 and N+2, never the same number.
   */
  async addVersion(template: number | string, input: VersionInput): Promise<TemplateVersionRow> {
    const parsed = VersionInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const current = await this.getTemplate(template);
    await this.#validate(current.channel, parsed.data);
    const now = this.#clock.now();
    return this.#db.transaction().execute(async (trx) => {
      const bumped = await trx
        .updateTable('templates')
        .set((eb) => ({ current_version: eb('current_version', '+', 1), updated_at: now }))
        .where('id', '=', current.id)
        .returning('current_version')
        .executeTakeFirstOrThrow();
      return insertVersion(trx, current.id, bumped.current_version, parsed.data, now);
    });
  }

  /** A template by id or name; NOT_FOUND otherwise. */
  async getTemplate(template: number | string): Promise<TemplateRow> {
    const row = await this.findTemplate(template);
    if (!row) throw new TidingsError('NOT_FOUND', `No template ${JSON.stringify(template)}`, { context: { template } });
    return row;
  }

  /** A template by id or name (a numeric string is tried as id first), or undefined. */
  async findTemplate(template: number | string): Promise<TemplateRow | undefined> {
    const id = typeof template === 'number' ? template : /^\d+$/.test(template) ? Number(template) : undefined;
    if (id !== undefined) {
      const byId = await this.#db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
      if (byId || typeof template === 'number') return byId;
    }
    return this.#db.selectFrom('templates').selectAll().where('name', '=', String(template)).executeTakeFirst();
  }

  /** One version by its id (what campaigns store); NOT_FOUND otherwise. */
  async getVersion(versionId: number): Promise<{ template: TemplateRow; version: TemplateVersionRow }> {
    const version = await this.#db.selectFrom('template_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
    if (!version) throw new TidingsError('NOT_FOUND', `No template version ${versionId}`, { context: { versionId } });
    const template = await this.getTemplate(version.template_id);
    return { template, version };
  }

  /** A template's version by number, or its current version when `number` is omitted. */
  async getVersionByNumber(template: number | string, number?: number): Promise<{ template: TemplateRow; version: TemplateVersionRow }> {
    const row = await this.getTemplate(template);
    const wanted = number ?? row.current_version;
    const version = await this.#db
      .selectFrom('template_versions')
      .selectAll()
      .where('template_id', '=', row.id)
      .where('version', '=', wanted)
      .executeTakeFirst();
    if (!version) throw new TidingsError('NOT_FOUND', `Template "${row.name}" has no version ${wanted}`, { context: { template: row.id, version: wanted } });
    return { template: row, version };
  }

  /** Every template, by name. */
  async list(filter: { channel?: 'email' | 'sms' } = {}): Promise<TemplateRow[]> {
    let query = this.#db.selectFrom('templates').selectAll().orderBy('name');
    if (filter.channel) query = query.where('channel', '=', filter.channel);
    return query.execute();
  }

  /** A template's versions, oldest first. */
  async listVersions(template: number | string): Promise<TemplateVersionRow[]> {
    const row = await this.getTemplate(template);
    return this.#db.selectFrom('template_versions').selectAll().where('template_id', '=', row.id).orderBy('version').execute();
  }

  /** The language variants of versions, by version id (default first). */
  async listVariants(versionIds: readonly number[]): Promise<Map<number, TemplateVariantRow[]>> {
    const byVersion = new Map<number, TemplateVariantRow[]>();
    if (versionIds.length === 0) return byVersion;
    const rows = await this.#db.selectFrom('template_variants').selectAll().where('version_id', 'in', [...versionIds]).orderBy('position').execute();
    for (const row of rows) {
      const id = Number(row.version_id);
      byVersion.set(id, [...(byVersion.get(id) ?? []), row]);
    }
    return byVersion;
  }

  /**
   * The languages of each template's latest version (default first), by template id: what the
   * templates list shows for every template, bundled or written here.
   */
  async latestLanguages(templates: readonly Pick<TemplateRow, 'id' | 'builtin' | 'current_version'>[]): Promise<Map<number, string[]>> {
    const languages = new Map<number, string[]>();
    if (templates.length === 0) return languages;
    const versions = await this.#db
      .selectFrom('template_versions')
      .innerJoin('templates', (join) => join.onRef('templates.id', '=', 'template_versions.template_id').onRef('templates.current_version', '=', 'template_versions.version'))
      .selectAll('template_versions')
      .where('template_versions.template_id', 'in', templates.map((t) => Number(t.id)))
      .execute();
    const variants = await this.listVariants(versions.map((v) => Number(v.id)));
    const byId = new Map(templates.map((t) => [Number(t.id), t]));
    for (const version of versions) {
      const template = byId.get(Number(version.template_id));
      if (!template) continue;
      const found = versionVariants(template, version, variants.get(Number(version.id)) ?? []);
      languages.set(Number(template.id), found.variants.map((v) => v.language));
    }
    return languages;
  }

  /** Compiles the content as it would be stored, so every error surfaces now with its line. */
  async #validate(channel: 'email' | 'sms', version: z.output<typeof VersionInputSchema>): Promise<void> {
    await compileVersionInput(channel, version, { customFields: this.#customFields });
  }
}

/** The content of a version as typed (saved or not): what {@link compileVersionInput} reads. */
export interface VersionContent {
  /** Language of the default content; inferred from it when absent. */
  readonly language?: string | undefined;
  /** More languages (see {@link VersionInputSchema}). */
  readonly variants?: readonly { readonly language: string; readonly subject?: string | null | undefined; readonly body: string; readonly textBody?: string | null | undefined }[] | undefined;
  readonly subject?: string | null | undefined;
  readonly bodyFormat: 'mjml' | 'html' | 'text';
  readonly body: string;
  readonly textBody?: string | null | undefined;
  readonly attachments: readonly AttachmentSpec[];
  readonly isMarketing: boolean;
}

/**
 * Checks a version's content for its channel (an email needs a one-line subject, an SMS is plain
 * text) and compiles it: the same checks when a version is saved and when unsaved text is
 * previewed, so the editor shows exactly the errors a save would give.
 */
export async function compileVersionInput(channel: 'email' | 'sms', version: VersionContent, options: CompileOptions = {}): Promise<CompiledTemplate> {
  const language = version.language ?? inferLanguage(`${version.subject ?? ''}${version.body}`);
  const seen = new Set([language.toLowerCase()]);
  for (const variant of version.variants ?? []) {
    if (seen.has(variant.language.toLowerCase())) {
      throw new TidingsError('TEMPLATE_LANGUAGE_DUPLICATE', `The language ${variant.language} is in this template twice; keep one of them.`, { context: { language: variant.language } });
    }
    seen.add(variant.language.toLowerCase());
  }
  if (channel === 'email') {
    for (const [i, part] of [{ subject: version.subject, language }, ...(version.variants ?? [])].entries()) {
      const field = i === 0 ? 'subject' : `variants.${i - 1}.subject`;
      if (!part.subject) throw new TidingsError('VALIDATION_FAILED', `${field}: an email template needs a subject (${part.language})`, { context: { field, language: part.language } });
      assertSingleLineHeader('subject', part.subject);
    }
  } else if (version.bodyFormat !== 'text') {
    throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', 'An SMS template must be plain text (bodyFormat "text")', { context: { bodyFormat: version.bodyFormat } });
  }
  return compileTemplate(
    {
      channel,
      versionId: 0,
      subject: channel === 'email' ? (version.subject ?? null) : null,
      bodyFormat: version.bodyFormat,
      body: version.body,
      textBody: version.textBody ?? null,
      attachments: version.attachments,
      isMarketing: version.isMarketing,
      language,
      variants: (version.variants ?? []).map((v) => ({
        language: v.language,
        subject: channel === 'email' ? (v.subject ?? null) : null,
        body: v.body,
        textBody: v.textBody ?? null,
      })),
    },
    options,
  );
}

async function insertVersion(
  db: Kysely<DatabaseSchema>,
  templateId: number,
  number: number,
  version: z.output<typeof VersionInputSchema>,
  now: number,
): Promise<TemplateVersionRow> {
  const row = await db
    .insertInto('template_versions')
    .values({
      template_id: templateId,
      version: number,
      subject: version.subject ?? null,
      body_format: version.bodyFormat,
      body: version.body,
      text_body: version.textBody ?? null,
      attachments: JSON.stringify(version.attachments),
      is_marketing: version.isMarketing ? 1 : 0,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const language = version.language ?? inferLanguage(`${version.subject ?? ''}${version.body}`);
  const variants = [
    { language, subject: version.subject ?? null, body: version.body, text_body: version.textBody ?? null },
    ...version.variants.map((v) => ({ language: v.language, subject: v.subject ?? null, body: v.body, text_body: v.textBody ?? null })),
  ];
  await db
    .insertInto('template_variants')
    .values(variants.map((v, position) => ({ ...v, version_id: row.id, position, is_default: position === 0 ? 1 : 0 })))
    .execute();
  return row;
}
