import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TemplateRepository, type TemplateRow, type TemplateVersionRow } from './templates.repository.js';

/**
 * Which template version to send, as a person names it: a version id (what a campaign stores), or
 * a template by id or name with an optional version number (its current version otherwise).
 */
export type TemplateChoice =
  | { readonly versionId: number }
  | {
      readonly template: number | string;
      /** Version number within the template; the current version when absent. */
      readonly version?: number | undefined;
    };

const LABEL = { email: 'an email', sms: 'an SMS' } as const;

/** The version chosen, with its template. */
export interface ChosenTemplateVersion {
  readonly template: TemplateRow;
  readonly version: TemplateVersionRow;
}

/**
 * The one rule for choosing a template version, used by campaigns, one-off sends and test sends:
 * NOT_FOUND (404) for an unknown template or version, TEMPLATE_CHANNEL_MISMATCH (409) when the
 * template is for the other channel than the message being sent.
 */
export async function chooseTemplateVersion(db: Kysely<DatabaseSchema>, choice: TemplateChoice, channel: 'email' | 'sms'): Promise<ChosenTemplateVersion> {
  const repository = new TemplateRepository({ db });
  const chosen = 'versionId' in choice ? await repository.getVersion(choice.versionId) : await repository.getVersionByNumber(choice.template, choice.version);
  const { template } = chosen;
  if (template.channel !== channel) {
    throw new TidingsError(
      'TEMPLATE_CHANNEL_MISMATCH',
      `Template "${template.name}" is ${LABEL[template.channel]} template; this ${channel === 'sms' ? 'SMS' : 'email'} needs ${LABEL[channel]} template.`,
      { context: { template: template.id, channel } },
    );
  }
  return chosen;
}
