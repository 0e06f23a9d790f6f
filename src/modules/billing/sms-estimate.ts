import type { Kysely } from 'kysely';
import { messageParts, textForProvider } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { SmsAccountView } from '../accounts/index.js';
import { previewAudience, resolveAudience, type AudienceSelection } from '../customers/index.js';
import { renderPreview, type TemplateRenderer } from '../templates/index.js';
import { balance } from './ledger.js';
import { priceAt } from './prices.js';

/** What {@link estimateSmsCost} needs. */
export interface SmsEstimateInput {
  readonly account: Pick<SmsAccountView, 'id' | 'provider'>;
  readonly selection: AudienceSelection;
  readonly template: { readonly id: number; readonly version: number };
  readonly audienceOptions: { readonly timeZone: string; readonly region: string };
  /** Recipients rendered one by one (default 2,000); a quick outlook renders fewer and counts the rest at the longest text. */
  readonly exactUpTo?: number;
}

/**
 * How many recipients are rendered one by one. Beyond this the rest are counted at the longest
 * message seen, so a large audience is never under-estimated (the balance check stays safe).
 */
const EXACT_ESTIMATE_LIMIT = 2_000;

/**
 * An SMS campaign's cost before it sends: each recipient's own text rendered (merge fields make
 * texts differ in length, and one character can add a part), its parts counted the way the
 * reservation counts them, × the price now, against the wallet. One arithmetic for the saved
 * campaign's estimate and the wizard's estimate of a planned one, so the figure a marketer
 * confirms is the figure the campaign is charged.
 */
export async function estimateSmsCost(db: Kysely<DatabaseSchema>, renderer: TemplateRenderer, input: SmsEstimateInput) {
  const { account } = input;
  const audience = await previewAudience(db, { channel: 'sms', selection: input.selection, ...input.audienceOptions });
  const countFor = async (customerId?: number) => {
    const text = await renderPreview({ db, renderer }, { template: input.template.id, version: input.template.version, accountId: account.id, ...(customerId !== undefined && { customerId }) });
    if (text.channel !== 'sms') throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', 'The template is not an SMS template.');
    // The same count the reservation makes for each message (signature once, opt-out line included).
    return messageParts(account.provider, textForProvider(account.provider, text), text.signature);
  };
  // The longest message decides the figures shown per message; a sample stands in for an empty audience.
  let longest = await countFor();
  let parts = 0;
  let rendered = 0;
  render: for await (const batch of resolveAudience(db, { channel: 'sms', selection: input.selection, ...input.audienceOptions, batchSize: 500 })) {
    for (const recipient of batch) {
      if (rendered >= (input.exactUpTo ?? EXACT_ESTIMATE_LIMIT)) break render;
      const count = await countFor(recipient.customerId);
      if (rendered === 0 || count.segments > longest.segments) longest = count;
      parts += count.segments;
      rendered++;
    }
  }
  // The audience query already counted who is reachable; past the limit, each counts as the longest text.
  parts += Math.max(0, audience.reachable - rendered) * longest.segments;
  const priceMinor = await priceAt(db, account.id);
  const wallet = await balance(db, account.id);
  const costMinor = parts * priceMinor;
  return {
    smsAccountId: account.id,
    provider: account.provider,
    selected: audience.total,
    recipients: audience.reachable,
    suppressed: audience.suppressed,
    noAddress: audience.noAddress,
    characters: longest.characters,
    encoding: longest.encoding,
    partsPerMessage: longest.segments,
    parts,
    exact: rendered >= audience.reachable,
    priceMinor,
    costMinor,
    currency: wallet.currency,
    balanceMinor: wallet.balanceMinor,
    sufficient: wallet.balanceMinor >= costMinor,
  };
}
