import { useState } from 'preact/hooks';
import { formatCount, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice, TextField } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { useAsync } from '../../ui/use-async.js';
import { heldAge } from './held-age.js';
import { heldMessages } from './held.messages.js';
import { listHeld, settleHeld, type HeldReservation, type SettleOutcome } from './wallet.api.js';

/**
 * Reservations still held on the account (provider outcome unknown, or a retry pending), oldest
 * first, with their age, campaign, recipient, parts and amount. With `canSettle` each can be
 * settled as delivered (charged) or released, after a confirmation that asks why; the server
 * records who and when, and refuses one already settled.
 */
export function HeldPanel({ account, currency, refresh, canSettle, onSettled }: { account: string; currency: string; refresh: number; canSettle: boolean; onSettled: () => void }) {
  const t = useT(heldMessages);
  const { locale } = useLocale();
  const held = useAsync((signal) => listHeld(account, signal), [account, refresh]);
  const [asking, setAsking] = useState<{ item: HeldReservation; outcome: SettleOutcome } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const money = (minor: number) => formatMinor(minor, currency, locale);
  const items = held.data?.items ?? [];
  const age = (ms: number) => {
    const a = heldAge(ms);
    return a.key === 'ageMinutes' ? t(a.key, { minutes: a.minutes }) : a.key === 'ageHours' ? t(a.key, { hours: a.hours, minutes: a.minutes }) : t(a.key, { days: a.days, hours: a.hours });
  };
  const state = (s: string | null) =>
    s === 'unknown' || s === 'deferred' || s === 'queued' || s === 'sending' ? t(`state_${s}`) : t('state_other', { state: s ?? '—' });

  return (
    <section class="panel" aria-labelledby="wallet-held-heading" data-testid="held-panel">
      <h2 id="wallet-held-heading">{t('heldHeading')}</h2>
      <p class="hint">{t('heldHint')}</p>
      <ErrorNotice error={held.error} onRetry={held.reload} />
      {held.loading && !held.data ? <Loading /> : null}
      {done ? <Notice kind="success">{done}</Notice> : null}
      {held.data && items.length === 0 ? <p class="hint">{t('heldEmpty')}</p> : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="held-table">
            <caption class="wallet-sr-only">{t('heldCaption', { account })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('age')}</th>
                <th scope="col">{t('campaign')}</th>
                <th scope="col">{t('recipient')}</th>
                <th scope="col" class="num">
                  {t('parts')}
                </th>
                <th scope="col" class="num">
                  {t('amount')}
                </th>
                <th scope="col">{t('state')}</th>
                {canSettle ? <th scope="col">{t('actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <tr key={h.key} data-key={h.key}>
                  <td>{age(h.ageMs)}</td>
                  <td>{h.campaignName ?? '—'}</td>
                  <td>{h.recipient ?? '—'}</td>
                  <td class="num">{formatCount(h.parts, locale)}</td>
                  <td class="num" data-minor={h.amountMinor}>
                    {money(h.amountMinor)}
                  </td>
                  <td>{state(h.outboxState)}</td>
                  {canSettle ? (
                    <td class="row">
                      <Button kind="secondary" onClick={() => (setDone(null), setAsking({ item: h, outcome: 'accepted' }))}>
                        {t('settleAccepted')}
                      </Button>
                      <Button kind="secondary" onClick={() => (setDone(null), setAsking({ item: h, outcome: 'rejected' }))}>
                        {t('settleRejected')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {asking ? (
        <SettleDialog
          account={account}
          item={asking.item}
          outcome={asking.outcome}
          amount={money(asking.item.amountMinor)}
          onCancel={() => setAsking(null)}
          onSettled={() => {
            const vars = { amount: money(asking.item.amountMinor), recipient: asking.item.recipient ?? asking.item.key };
            setDone(t(asking.outcome === 'accepted' ? 'settledAccepted' : 'settledRejected', vars));
            setAsking(null);
            onSettled();
          }}
        />
      ) : null}
    </section>
  );
}

/** The confirmation: says what will happen to the money and asks why (recorded with the settlement). */
function SettleDialog(props: { account: string; item: HeldReservation; outcome: SettleOutcome; amount: string; onCancel: () => void; onSettled: () => void }) {
  const t = useT(heldMessages);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const accepted = props.outcome === 'accepted';
  const vars = { amount: props.amount, recipient: props.item.recipient ?? props.item.key };

  async function confirm(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await settleHeld(props.account, { key: props.item.key, outcome: props.outcome, note: note.trim() });
      props.onSettled();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalDialog title={t(accepted ? 'confirmAcceptedTitle' : 'confirmRejectedTitle', vars)} onClose={props.onCancel}>
      <form onSubmit={(e) => void confirm(e)} noValidate data-testid="settle-dialog">
        <p>{t(accepted ? 'confirmAcceptedBody' : 'confirmRejectedBody', vars)}</p>
        <TextField label={t('note')} hint={t('noteHint')} value={note} onValue={(v) => (setNote(v), setMissing(false))} maxLength={500} required aria-invalid={missing ? 'true' : undefined} />
        {missing ? (
          <p class="notice notice-error" role="alert">
            {t('noteRequired')}
          </p>
        ) : null}
        <ErrorNotice error={error} />
        <div class="row">
          <button type="button" class="btn btn-secondary" onClick={props.onCancel}>
            {t('cancel')}
          </button>
          <Button type="submit" kind={accepted ? 'danger' : 'primary'} busy={busy}>
            {t(accepted ? 'settleAccepted' : 'settleRejected')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
