import { z } from 'zod';
import { versionVariants, type TemplateRow, type TemplateVariantRow, type TemplateVersionRow } from '../../modules/templates/index.js';
import { singleLine } from '../api.schemas.js';
import { EpochMs } from './common.schemas.js';

/** A template as the API shows it (without its versions' content). */
export const TemplateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  channel: z.enum(['email', 'sms']),
  builtin: z.string().nullable().describe('key of a bundled template'),
  currentVersion: z.number().int(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  languages: z.array(z.string()).optional().describe('the language variants of the latest version, default first (zh-CN, en); in the list'),
});

const LanguageTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'a language such as zh-CN, en or en-GB')
  .describe('BCP 47 language tag: zh-CN, en, en-GB');

/** The same message in another language (a stored one). */
const VariantSchema = z.object({ language: z.string(), subject: z.string().nullable(), body: z.string(), textBody: z.string().nullable() });

/** How a preview chose its language variant: each language tried, the last one matched. */
export const VariantChainSchema = z
  .array(z.object({ language: z.string(), reason: z.enum(['customer', 'parent', 'sibling', 'guessed', 'default', 'first']), matched: z.boolean() }))
  .describe('the fallback chain, e.g. en-GB (customer) → en ✓');

/** One immutable version of a template. */
export const TemplateVersionSchema = z.object({
  language: z.string().describe('language of the default content (subject, body, textBody); "und" when it has no words of its own'),
  variants: z.array(VariantSchema).describe('the same message in other languages; each customer gets the one of their language'),
  id: z.number().int().describe('what campaigns store'),
  version: z.number().int(),
  subject: z.string().nullable(),
  bodyFormat: z.enum(['mjml', 'html', 'text']),
  body: z.string(),
  textBody: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })),
  isMarketing: z.boolean(),
  createdAt: EpochMs,
});

/**
 * The content of a new version. Attachments come inline (base64): the API never reads a file path
 * the caller names on the server.
 */
export const VersionBodySchema = z.strictObject({
  language: LanguageTag.optional().describe('language of this content (the default variant); guessed from the text when absent'),
  variants: z
    .array(
      z.strictObject({
        language: LanguageTag,
        subject: singleLine(998).optional().describe('required for email'),
        body: z.string().min(1).max(1_000_000),
        textBody: z.string().max(1_000_000).optional(),
      }),
    )
    .max(20)
    .default([])
    .describe('the same message in other languages'),
  subject: singleLine(998).optional().describe('required for email; merge tags allowed'),
  bodyFormat: z.enum(['mjml', 'html', 'text']),
  body: z.string().min(1).max(1_000_000),
  textBody: z.string().max(1_000_000).optional().describe('hand-written text part; derived from the HTML when absent'),
  attachments: z
    .array(
      z.strictObject({
        filename: singleLine(255).regex(/^[^\\/]+$/, 'a file name without a path'),
        contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type such as application/pdf'),
        contentBase64: z.string().max(7_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'base64'),
      }),
    )
    .max(20)
    .default([]),
  isMarketing: z.boolean().default(true).describe('adds the unsubscribe link / SMS opt-out text'),
});

export const TemplateCreateSchema = z.strictObject({
  name: singleLine(100),
  channel: z.enum(['email', 'sms']),
  version: VersionBodySchema,
});

export const templateView = (row: TemplateRow): z.infer<typeof TemplateSchema> => ({
  id: Number(row.id),
  name: row.name,
  channel: row.channel,
  builtin: row.builtin,
  currentVersion: row.current_version,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** A stored version as the API shows it, with its language variants (`variantRows` from `listVariants`). */
export const versionView = (row: TemplateVersionRow, variantRows: readonly TemplateVariantRow[] = [], template: Pick<TemplateRow, 'builtin'> = { builtin: null }): z.infer<typeof TemplateVersionSchema> => {
  const { language, variants } = versionVariants(template, row, variantRows);
  return { ...versionFields(row), language, variants: variants.slice(1) };
};

const versionFields = (row: TemplateVersionRow) => ({
  id: Number(row.id),
  version: row.version,
  subject: row.subject,
  bodyFormat: row.body_format,
  body: row.body,
  textBody: row.text_body,
  attachments: (JSON.parse(row.attachments) as { filename: string; contentType: string }[]).map((a) => ({ filename: a.filename, contentType: a.contentType })),
  isMarketing: row.is_marketing === 1,
  createdAt: Number(row.created_at),
});
