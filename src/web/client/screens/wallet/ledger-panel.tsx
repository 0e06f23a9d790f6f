import { useEffect, useState } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { formatCount, formatDateTime, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { getLedgerLines, type LedgerLine } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

const PAGE = 25;
const STATE_BADGE = { reserved: 'badge-warn', charged: 'badge-bad', released: '' } as const;

/** The entry kind a line ends in (a message's post or void once resolved): kept as data-kind for tests and styles. */
const lastKind = (line: LedgerLine) => (line.state === 'charged' ? 'post' : line.state === 'released' ? 'void' : line.kind);

/**
 * The account's ledger, newest first, a page at a time: one line per message with its state
 * (reserved → charged or released) and one per top-up or adjustment. `refresh` changes after every booking.
 */
export function LedgerPanel({ account, refresh }: { account: string; refresh: number }) {
  const t = useT(walletMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const first = useAsync((signal) => getLedgerLines(account, { limit: PAGE }, signal), [account, refresh]);
  const [more, setMore] = useState<{ items: LedgerLine[]; nextBefore: number | null; busy: boolean; error?: unknown }>({ items: [], nextBefore: null, busy: false });
  useEffect(() => setMore({ items: [], nextBefore: first.data?.nextBefore ?? null, busy: false }), [first.data]);

  async function loadMore() {
    if (more.nextBefore === null) return;
    setMore((m) => ({ ...m, busy: true, error: undefined }));
    try {
      const page = await getLedgerLines(account, { before: more.nextBefore, limit: PAGE });
      setMore((m) => ({ items: [...m.items, ...page.items], nextBefore: page.nextBefore, busy: false }));
    } catch (error) {
      setMore((m) => ({ ...m, busy: false, error }));
    }
  }

  const lines = [...(first.data?.items ?? []), ...more.items];
  const money = (minor: number, currency: string) => formatMinor(minor, currency, locale);
  const details = (line: LedgerLine) => {
    const parts: string[] = [];
    if (line.state !== null && line.priceMinor !== null) {
      const reserved = line.reservedParts ?? 0;
      const price = money(line.priceMinor, line.currency);
      parts.push(reserved === 1 ? t('partAt', { price }) : t('partsAt', { parts: formatCount(reserved, locale), price }));
      const charged = line.chargedParts;
      if (line.state === 'charged' && charged !== null && charged !== reserved) parts.push(charged === 1 ? t('chargedPart') : t('chargedParts', { parts: formatCount(charged, locale) }));
    }
    if (line.outboxId !== null) parts.push(t('message', { id: line.outboxId }));
    if (line.reference) parts.push(line.reference);
    if (line.reason) parts.push(line.reason);
    return parts.join(' · ');
  };

  return (
    <section class="panel" aria-labelledby="wallet-ledger-heading">
      <div class="wallet-section-head">
        <h2 id="wallet-ledger-heading">{t('ledgerHeading')}</h2>
      </div>
      <p class="hint">{t('ledgerLinesHint')}</p>
      <ErrorNotice error={first.error} onRetry={first.reload} />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && lines.length === 0 ? <p class="hint">{t('ledgerEmpty')}</p> : null}
      {lines.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="ledger-table">
            <caption class="wallet-sr-only">{t('ledgerCaption', { account })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col" class="num">
                  {t('amountCol')}
                </th>
                <th scope="col">{t('details')}</th>
                <th scope="col">{t('operator')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id} data-kind={lastKind(line)} data-state={line.state ?? undefined} data-parts={line.state === 'charged' ? (line.chargedParts ?? undefined) : undefined}>
                  <td>{formatDateTime(new Date(line.resolvedAt ?? line.createdAt).toISOString(), locale)}</td>
                  <td>
                    {line.state === null ? (
                      <span class={`badge ${line.kind === 'credit' ? 'badge-ok' : 'badge-warn'}`}>{t(line.kind === 'credit' ? 'kind_credit' : 'kind_adjustment')}</span>
                    ) : (
                      <span class={`badge ${STATE_BADGE[line.state]}`}>{t(`state_${line.state}`)}</span>
                    )}
                  </td>
                  <td class="num" data-minor={line.amountMinor}>
                    {money(line.amountMinor, line.currency)}
                  </td>
                  <td>{details(line)}</td>
                  <td>{line.operatorName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorNotice error={more.error} />
      {more.nextBefore !== null ? (
        <p>
          <Button kind="secondary" busy={more.busy} onClick={() => void loadMore()}>
            {tc('more')}
          </Button>
        </p>
      ) : null}
    </section>
  );
}
