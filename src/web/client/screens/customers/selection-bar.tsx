import { useLocation } from 'preact-iso';
import { useAuth } from '../../auth.js';
import { useLocale, useT, type Translate } from '../../i18n/index.js';
import { formatCount } from '../../i18n/format.js';
import { newCampaignHref } from '../../ui/audience-link.js';
import { Button, ErrorNotice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { ONE_OFF_MAX } from './compose-dialog.js';
import { previewAudience, type AudiencePreview, type AudienceSelection, type Group } from './customers.api.js';
import { messages, type MessageKey } from './customers.messages.js';
import { FILTER_LABELS } from './filter-labels.js';
import { viewAudience, type ListState } from './list-state.js';
import type { Ticked } from './ticks.js';

interface Props {
  readonly ticked: ReadonlyMap<number, Ticked>;
  readonly state: ListState;
  readonly groups: readonly Group[] | undefined;
  readonly onClear: () => void;
  readonly onCompose: () => void;
}

/**
 * Says who a message would reach before anything is sent: the ticked customers, or, with nobody
 * ticked, everybody in the view (said in words, with the count). Email with ticks opens the
 * compose dialog; otherwise Email and SMS start a campaign draft for that audience.
 */
export function SelectionBar({ ticked, state, groups, onClear, onCompose }: Props) {
  const t = useT(messages);
  const { locale } = useLocale();
  const { can } = useAuth();
  const { route } = useLocation();
  const n = (v: number) => formatCount(v, locale);
  const count = ticked.size;
  const audience: AudienceSelection = count > 0 ? { customerIds: [...ticked.keys()] } : viewAudience(state, groups);
  const key = JSON.stringify(audience);
  const canCount = can('customers:read');
  const counted = useAsync(
    async (signal): Promise<{ key: string; email: AudiencePreview; sms: AudiencePreview } | undefined> => {
      if (!canCount) return undefined;
      const [email, sms] = await Promise.all([previewAudience('email', audience, signal), previewAudience('sms', audience, signal)]);
      return { key, email, sms };
    },
    [key, canCount],
  );
  // Counts of an earlier selection are never shown next to the current one.
  const reach = { data: counted.data?.key === key ? counted.data : undefined, error: counted.error };
  const total = reach.data?.email.total;

  let headline: string;
  if (count > 0) headline = t('tickedCount', { count: n(count) });
  else if (total === undefined) headline = t('nobodyTickedUnknown');
  else if (Object.keys(audience).length === 0) headline = t('nobodyTickedAll', { count: n(total) });
  else headline = t('nobodyTickedView', { count: n(total), view: describeView(state, groups, t) });

  const oneOff = count > 0 && count <= ONE_OFF_MAX && can('campaigns:oneoff');
  const mayCampaign = can('campaigns:write');
  const emailDisabled = !oneOff && !(mayCampaign && (count > 0 || total !== undefined));
  const smsDisabled = !mayCampaign || (count === 0 && total === undefined);
  const everyone = n(count > 0 ? count : (total ?? 0));

  return (
    <section class="panel cust-selection" aria-labelledby="selection-heading">
      <h2 id="selection-heading" class="cust-sr-only">
        {t('selectionHeading')}
      </h2>
      <div class="cust-selection-text" role="status" aria-live="polite" data-testid="selection-summary">
        <strong>{headline}</strong>
        {reach.data ? (
          <span>
            {' '}
            {t('reachEmail', { reachable: n(reach.data.email.reachable), total: n(reach.data.email.total), suppressed: n(reach.data.email.suppressed), noAddress: n(reach.data.email.noAddress) })}{' '}
            {t('reachSms', { reachable: n(reach.data.sms.reachable), total: n(reach.data.sms.total), suppressed: n(reach.data.sms.suppressed), noAddress: n(reach.data.sms.noAddress) })}
          </span>
        ) : null}
        {count === 0 && state.query ? <span class="hint"> {t('searchNotNarrowing')}</span> : null}
        {count > ONE_OFF_MAX ? <span class="hint"> {t('tooManyForOneOff', { max: n(ONE_OFF_MAX), count: n(count) })}</span> : null}
      </div>
      <ErrorNotice error={reach.error} />
      <div class="cust-selection-actions">
        <Button
          onClick={() => (oneOff ? onCompose() : route(newCampaignHref('email', audience)))}
          disabled={emailDisabled}
          aria-label={count > 0 ? t('emailTickedLabel', { count: everyone }) : t('emailAllLabel', { count: everyone })}
        >
          {t('emailButton')}
        </Button>
        <Button
          kind="secondary"
          onClick={() => route(newCampaignHref('sms', audience))}
          disabled={smsDisabled}
          aria-label={count > 0 ? t('smsTickedLabel', { count: everyone }) : t('smsAllLabel', { count: everyone })}
        >
          {t('smsButton')}
        </Button>
        {count > 0 ? (
          <Button kind="secondary" onClick={onClear}>
            {t('clearTicks')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function describeView(state: ListState, groups: readonly Group[] | undefined, t: Translate<MessageKey>): string {
  const parts: string[] = [];
  const group = groups?.find((g) => g.id === state.groupId);
  if (group) parts.push(group.kind === 'filter' ? t('viewFilter', { name: group.name }) : t('viewGroup', { name: group.path }));
  for (const key of state.filters) parts.push(t(FILTER_LABELS[key]));
  return parts.join(', ');
}
