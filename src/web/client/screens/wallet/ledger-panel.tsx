import { useEffect, useState } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { formatCount, formatDateTime, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, SelectField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { getLedger, LEDGER_KINDS, type LedgerEntry, type LedgerKind } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

const PAGE = 25;
const KIND_BADGE: Record<LedgerKind, string> = { credit: 'badge-ok', adjustment: 'badge-warn', pending: '', post: 'badge-bad', void: '' };

/** The account's ledger, newest first, a page at a time; `refresh` changes after every booking. */
export function LedgerPanel({ account, refresh }: { account: string; refresh: number }) {
  const t = useT(walletMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const [kind, setKind] = useState<LedgerKind | ''>('');
  const first = useAsync((signal) => getLedger(account, { kind: kind || undefined, limit: PAGE }, signal), [account, kind, refresh]);
  const [more, setMore] = useState<{ items: LedgerEntry[]; nextBefore: number | null; busy: boolean; error?: unknown }>({ items: [], nextBefore: null, busy: false });
  useEffect(() => setMore({ items: [], nextBefore: first.data?.nextBefore ?? null, busy: false }), [first.data]);

  async function loadMore() {
    if (more.nextBefore === null) return;
    setMore((m) => ({ ...m, busy: true, error: undefined }));
    try {
      const page = await getLedger(account, { kind: kind || undefined, before: more.nextBefore, limit: PAGE });
      setMore((m) => ({ items: [...m.items, ...page.items], nextBefore: page.nextBefore, busy: false }));
    } catch (error) {
      setMore((m) => ({ ...m, busy: false, error }));
    }
  }

  const entries = [...(first.data?.items ?? []), ...more.items];
  const details = (e: LedgerEntry) => {
    const parts: string[] = [];
    if (e.parts !== null && e.priceMinor !== null) parts.push(t('partsAt', { parts: formatCount(e.parts, locale), price: formatMinor(e.priceMinor, e.currency, locale) }));
    if (e.outboxId !== null) parts.push(t('message', { id: e.outboxId }));
    if (e.reference) parts.push(e.reference);
    if (e.reason) parts.push(e.reason);
    return parts.join(' · ');
  };

  return (
    <section class="panel" aria-labelledby="wallet-ledger-heading">
      <div class="wallet-section-head">
        <h2 id="wallet-ledger-heading">{t('ledgerHeading')}</h2>
        <SelectField
          label={t('ledgerKind')}
          value={kind}
          onValue={(v) => setKind((LEDGER_KINDS as readonly string[]).includes(v) ? (v as LedgerKind) : '')}
          options={[{ value: '', label: t('allKinds') }, ...LEDGER_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))]}
        />
      </div>
      <ErrorNotice error={first.error} onRetry={first.reload} />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && entries.length === 0 ? <p class="hint">{t('ledgerEmpty')}</p> : null}
      {entries.length > 0 ? (
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
              {entries.map((e) => (
                <tr key={e.id} data-kind={e.kind}>
                  <td>{formatDateTime(new Date(e.createdAt).toISOString(), locale)}</td>
                  <td>
                    <span class={`badge ${KIND_BADGE[e.kind]}`}>{t(`kind_${e.kind}`)}</span>
                  </td>
                  <td class="num" data-minor={e.amountMinor}>
                    {formatMinor(e.amountMinor, e.currency, locale)}
                  </td>
                  <td>{details(e)}</td>
                  <td>{e.operator ?? '—'}</td>
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
