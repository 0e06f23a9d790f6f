import { getSmsAccount } from '../../modules/accounts/index.js';
import { balance, estimateSmsCost, topUpNeeded, type ExpectedCharge } from '../../modules/billing/index.js';
import { parseFilter, type AudienceSelection } from '../../modules/customers/index.js';
import { localDateOf, occurrencesBetween, parseScheduleSpec } from '../../modules/schedule/index.js';
import type { Campaign } from '../../modules/sending/index.js';
import { TemplateRenderer, TemplateRepository } from '../../modules/templates/index.js';
import type { AppContext } from '../context.js';
import type { Overview, OverviewSmsAccount } from './overview.types.js';

/** How far ahead scheduled SMS campaigns are costed. */
export const SMS_OUTLOOK_DAYS = 30;

/** Recipients rendered one by one per campaign on each overview load; the rest count at the longest text (never short). */
const OUTLOOK_EXACT_UP_TO = 200;

function selectionOf(audience: string): AudienceSelection {
  const { filter, ...parts } = JSON.parse(audience || '{}') as { filter?: Record<string, unknown> } & Omit<AudienceSelection, 'filter'>;
  return { ...parts, ...(filter === undefined ? {} : { filter: parseFilter(filter) }) };
}

/**
 * Each SMS account's balance against what its scheduled campaigns will cost in the next 30 days:
 * every send of a schedule in that window costs the campaign's estimate (the billing module's
 * estimateSmsCost, the figure the wizard shows), and billing's topUpNeeded says how much is short
 * and by which send. Birthday schedules send a few messages a day to whoever has a birthday and
 * are listed as not counted rather than guessed.
 */
export async function smsOutlook(context: AppContext, campaigns: readonly Campaign[], zone: string): Promise<NonNullable<Overview['sms']>> {
  const { db } = context.store;
  const now = context.clock.date();
  const until = new Date(now.getTime() + SMS_OUTLOOK_DAYS * 86_400_000);
  const renderer = new TemplateRenderer({ db, logger: context.logger });
  const templates = new TemplateRepository({ db });
  const audienceOptions = { timeZone: context.config.TIDINGS_DEFAULT_TIMEZONE, region: context.config.TIDINGS_DEFAULT_REGION };
  const byAccount = new Map<number, { charges: ExpectedCharge[]; campaigns: (OverviewSmsAccount['campaigns'][number] & { firstAt: number })[] }>();
  const notCounted: NonNullable<Overview['sms']>['notCounted'][number][] = [];
  for (const campaign of campaigns) {
    if (campaign.channel !== 'sms' || campaign.status !== 'scheduled' || campaign.sms_account_id === null) continue;
    let spec;
    let sends;
    let estimate;
    const accountId = Number(campaign.sms_account_id);
    try {
      spec = parseScheduleSpec(campaign.schedule);
      if (spec.kind === 'birthday') {
        notCounted.push({ id: campaign.id, name: campaign.name, reason: 'birthday-schedule' });
        continue;
      }
      // One send per date, whatever the waves per time zone (each wave sends to its part of the audience).
      sends = [...new Map(occurrencesBetween(spec, now, until, { defaultZone: context.config.TIDINGS_DEFAULT_TIMEZONE }).map((o) => [o.at.getTime(), o])).values()];
      if (sends.length === 0) continue;
      const account = await getSmsAccount(db, context.secrets, accountId);
      const { version } = await templates.getVersion(campaign.template_version_id);
      estimate = await estimateSmsCost(db, renderer, { account, selection: selectionOf(campaign.audience), template: { id: version.template_id, version: version.version }, audienceOptions, exactUpTo: OUTLOOK_EXACT_UP_TO });
    } catch (error) {
      // One campaign that cannot be costed (a template that no longer renders, say) is named, not a broken overview.
      context.logger.warn({ err: error, campaignId: campaign.id }, 'overview: SMS campaign not costed');
      notCounted.push({ id: campaign.id, name: campaign.name, reason: 'cannot-estimate' });
      continue;
    }
    const entry = byAccount.get(accountId) ?? { charges: [], campaigns: [] };
    entry.charges.push(...sends.map((o) => ({ at: o.at.getTime(), costMinor: estimate.costMinor })));
    entry.campaigns.push({ id: campaign.id, name: campaign.name, sends: sends.length, costMinor: estimate.costMinor * sends.length, firstAt: Math.min(...sends.map((o) => o.at.getTime())) });
    byAccount.set(accountId, entry);
  }
  const accounts: OverviewSmsAccount[] = [];
  for (const [accountId, entry] of byAccount) {
    const wallet = await balance(db, accountId);
    const account = await getSmsAccount(db, context.secrets, accountId);
    const need = topUpNeeded(wallet.balanceMinor, entry.charges);
    accounts.push({
      smsAccountId: accountId,
      name: account.name,
      currency: wallet.currency,
      balanceMinor: wallet.balanceMinor,
      neededMinor: need.neededMinor,
      shortMinor: need.shortMinor,
      topUpBy: need.byAt === null ? null : localDateOf(new Date(need.byAt), zone),
      // Soonest first: the first send is the one the top-up date is about.
      campaigns: [...entry.campaigns].sort((a, b) => a.firstAt - b.firstAt).map(({ firstAt: _firstAt, ...c }) => c),
    });
  }
  return { accounts, notCounted };
}
