import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { common } from '../../i18n/common.js';
import { formatDateTime, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, SelectField } from '../../ui/components.js';
import { MESSAGE_STATES, type CampaignMessage } from './campaign.types.js';
import { campaignsMessages } from './campaigns.messages.js';
import { quietHoldOf } from './pause-reason.js';
import { StateBadge } from './status-badge.js';
import { formatPhone } from '../../ui/phone-format.js';
import { languageName } from '../../ui/language-name.js';
import { campaignMessageResults } from './campaign-messages.messages.js';
import { outcomeText } from './message-outcome.js';

const PAGE = 50;

/**
 * Results per message (GET /api/campaigns/{id}/messages), a page at a time in id order, with a
 * state filter. `version` changes when the campaign moved on, which reloads the pages shown.
 */
export function CampaignMessages({ campaignId, channel, currency, version }: { campaignId: number; channel: 'email' | 'sms'; currency: string | null; version: string }) {
  const t = useT(campaignsMessages);
  const tc = useT(common);
  const tr = useT(campaignMessageResults);
  const { locale } = useLocale();
  const [state, setState] = useState('');
  const [items, setItems] = useState<CampaignMessage[]>([]);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [pages, setPages] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    // Reload as many pages as were shown (a refresh keeps what the reader scrolled to).
    const controller = new AbortController();
    setLoading(true);
    (async () => {
      const all: CampaignMessage[] = [];
      let after: number | null | undefined;
      for (let page = 0; page < pages; page += 1) {
        const result = await api<ApiResponse<'/api/campaigns/{id}/messages'>>(
          withQuery(`/api/campaigns/${campaignId}/messages`, { state: state || undefined, limit: PAGE, after: after ?? undefined }),
          { signal: controller.signal },
        );
        all.push(...result.items);
        after = result.nextAfter;
        if (after === null) break;
      }
      return { all, after: after ?? null };
    })().then(
      ({ all, after }) => {
        setItems(all);
        setNextAfter(after);
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [campaignId, state, pages, version, round]);

  const tracked = items.some((m) => m.opens !== undefined || m.clicks !== undefined);
  const languages = items.some((m) => m.language);
  return (
    <section class="panel" aria-labelledby="messages-title">
      <div class="section-head">
        <h2 id="messages-title">{t('messages')}</h2>
        <div class="row">
          <SelectField
            label={t('filterState')}
            value={state}
            onValue={(v) => {
              setState(v);
              setPages(1);
            }}
            options={[{ value: '', label: t('all') }, ...MESSAGE_STATES.map((s) => ({ value: s, label: t(`state_${s}`) }))]}
          />
          <div class="field">
            <Button kind="secondary" busy={loading} onClick={() => setRound((r) => r + 1)}>
              {t('refresh')}
            </Button>
          </div>
        </div>
      </div>
      <ErrorNotice error={error} onRetry={() => setRound((r) => r + 1)} />
      {loading && items.length === 0 ? <Loading /> : null}
      {!loading && items.length === 0 && !error ? <p>{t('noMessages')}</p> : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table aria-label={t('messages')} data-testid="messages-table">
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t('colId')}
                </th>
                <th scope="col">{t('colCustomer')}</th>
                <th scope="col">{t('colAddress')}</th>
                <th scope="col">{t('colState')}</th>
                <th scope="col" class="num">
                  {t('colAttempts')}
                </th>
                <th scope="col">{t('colSentAt')}</th>
                {channel === 'sms' ? (
                  <>
                    <th scope="col" class="num">
                      {t('colParts')}
                    </th>
                    <th scope="col" class="num">
                      {t('colCost')}
                    </th>
                  </>
                ) : null}
                {tracked ? (
                  <>
                    <th scope="col" class="num">
                      {t('colOpens')}
                    </th>
                    <th scope="col" class="num">
                      {t('colClicks')}
                    </th>
                  </>
                ) : null}
                {languages ? <th scope="col">{tr('colLanguage')}</th> : null}
                <th scope="col">{t('colError')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                const held = quietHoldOf(m);
                const outcome = outcomeText(m, tr);
                return (
                  <tr key={m.id} data-state={m.state} data-held={held ? 'quiet-hours' : undefined}>
                    <td class="num">{m.id}</td>
                    <td>
                      <a href={`/customers/${m.customerId}`} data-testid="message-customer">{m.customerName || `#${m.customerId}`}</a>
                    </td>
                    <th scope="row" class="address">
                      {channel === 'sms' ? formatPhone(m.address) : m.address}
                    </th>
                    <td>
                      <StateBadge state={m.state} held={held} />
                    </td>
                    <td class="num">{m.attempts}</td>
                    <td>{m.sentAt === null ? '—' : formatDateTime(new Date(m.sentAt).toISOString(), locale)}</td>
                    {channel === 'sms' ? (
                      <>
                        <td class="num">{m.parts ?? '—'}</td>
                        <td class="num">{m.costMinor === null || !currency ? '—' : formatMinor(m.costMinor, currency, locale)}</td>
                      </>
                    ) : null}
                    {tracked ? (
                      <>
                        <td class="num">{m.opens ?? 0}</td>
                        <td class="num">{m.clicks ?? 0}</td>
                      </>
                    ) : null}
                    {languages ? <td data-testid="message-language">{m.language ? languageName(m.language) : '—'}</td> : null}
                    {/* A quiet-hour hold is no error: the badge already says when it goes out. */}
                    <td class="error-cell">
                      {outcome ? (
                        <strong class="message-outcome" data-testid="message-outcome" data-reason={m.reason ?? undefined}>
                          {outcome}
                        </strong>
                      ) : null}
                      {m.complained ? (
                        <span class="badge" data-testid="message-complained">
                          {tr('reportedSpam')}
                        </span>
                      ) : null}
                      {outcome || m.complained ? ' ' : null}
                      {held ? '' : m.errorCode ? `${m.errorCode}: ${m.error ?? ''}` : (m.error ?? '')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextAfter !== null ? (
        <Button kind="secondary" busy={loading} onClick={() => setPages((p) => p + 1)}>
          {tc('more')}
        </Button>
      ) : null}
    </section>
  );
}
