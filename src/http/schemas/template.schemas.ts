import { z } from 'zod';
import type { TemplateRow, TemplateVersionRow } from '../../modules/templates/index.js';
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
});

/** One immutable version of a template. */
export const TemplateVersionSchema = z.object({
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

export const versionView = (row: TemplateVersionRow): z.infer<typeof TemplateVersionSchema> => ({
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
