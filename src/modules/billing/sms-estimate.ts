import type { Kysely } from 'kysely';
import { messageParts, textForProvider } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { SmsAccountView } from '../accounts/index.js';
import { previewAudience, type AudienceSelection } from '../customers/index.js';
import { renderPreview, type TemplateRenderer } from '../templates/index.js';
import { balance } from './ledger.js';
import { priceAt } from './prices.js';

/** What {@link estimateSmsCost} needs. */
export interface SmsEstimateInput {
  readonly account: Pick<SmsAccountView, 'id' | 'provider'>;
  readonly selection: AudienceSelection;
  readonly template: { readonly id: number; readonly version: number };
  readonly audienceOptions: { readonly timeZone: string; readonly region: string };
}

/**
 * An SMS campaign's cost before it sends: recipients × parts of a sample rendering × the price
 * now, against the wallet. One arithmetic for the saved campaign's estimate and the wizard's
 * estimate of a planned one, so the figure a marketer confirms is the figure the campaign shows.
 */
export async function estimateSmsCost(db: Kysely<DatabaseSchema>, renderer: TemplateRenderer, input: SmsEstimateInput) {
  const { account } = input;
  const audience = await previewAudience(db, { channel: 'sms', selection: input.selection, ...input.audienceOptions });
  const sample = await renderPreview({ db, renderer }, { template: input.template.id, version: input.template.version, accountId: account.id });
  if (sample.channel !== 'sms') throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', 'The template is not an SMS template.');
  // The same count the reservation makes for each message (signature once, opt-out line included).
  const count = messageParts(account.provider, textForProvider(account.provider, sample), sample.signature);
  const priceMinor = await priceAt(db, account.id);
  const wallet = await balance(db, account.id);
  const costMinor = audience.reachable * count.segments * priceMinor;
  return {
    smsAccountId: account.id,
    provider: account.provider,
    selected: audience.total,
    recipients: audience.reachable,
    suppressed: audience.suppressed,
    noAddress: audience.noAddress,
    characters: count.characters,
    encoding: count.encoding,
    partsPerMessage: count.segments,
    priceMinor,
    costMinor,
    currency: wallet.currency,
    balanceMinor: wallet.balanceMinor,
    sufficient: wallet.balanceMinor >= costMinor,
  };
}
