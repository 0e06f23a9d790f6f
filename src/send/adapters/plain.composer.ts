import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../store/index.js';
import type { Campaign, ComposedMessage, MessageComposer, OutboxRow } from '../ports.js';

/** A message written as plain strings with `{{field}}` placeholders. */
export interface PlainTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** Merge fields the plain composer knows: the customer's columns plus `address`. */
export type MergeFields = Record<string, string>;

/** Replaces `{{name}}` with the field's value (HTML-escaped in HTML); unknown fields become empty. */
export function fillPlaceholders(template: string, fields: MergeFields, escape: (s: string) => string = (s) => s): string {
  return template.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi, (_m, name: string) => escape(fields[name] ?? ''));
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * Composes from plain strings with `{{display_name}}`-style placeholders filled from the
 * customer's row. When no fixed template is given, the campaign's template version row is used
 * (subject, body as HTML or text, text_body) — a stand-in until the templates module's renderer
 * (MJML, Handlebars, greetings, signatures) is wired in.
 */
export class PlainComposer implements MessageComposer {
  private readonly versions = new Map<number, PlainTemplate>();

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly fixed?: PlainTemplate,
  ) {}

  async compose(row: OutboxRow, campaign: Campaign): Promise<ComposedMessage> {
    const template = this.fixed ?? (await this.versionTemplate(campaign.template_version_id));
    const customer = await this.db.selectFrom('customers').selectAll().where('id', '=', row.customer_id).executeTakeFirst();
    const fields: MergeFields = { address: row.address };
    for (const [key, value] of Object.entries(customer ?? {})) if (value !== null && key !== 'custom') fields[key] = String(value);
    return {
      subject: fillPlaceholders(template.subject, fields),
      text: fillPlaceholders(template.text, fields),
      ...(template.html ? { html: fillPlaceholders(template.html, fields, escapeHtml) } : {}),
    };
  }

  private async versionTemplate(id: number): Promise<PlainTemplate> {
    const cached = this.versions.get(id);
    if (cached) return cached;
    const v = await this.db.selectFrom('template_versions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!v) throw new Error(`template version ${id} does not exist`);
    const html = v.body_format === 'text' ? undefined : v.body;
    const text = v.text_body ?? (v.body_format === 'text' ? v.body : v.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    const template: PlainTemplate = { subject: v.subject ?? '', text, ...(html ? { html } : {}) };
    this.versions.set(id, template);
    return template;
  }
}
