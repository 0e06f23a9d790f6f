import { useState } from 'preact/hooks';
import { formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, SelectField, TextField } from '../../ui/components.js';
import { useAmountForm } from './use-amount-form.js';
import { useBooking } from './use-booking.js';
import { adjustWallet, type Booking } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

/**
 * Books a finance adjustment. The sign is a separate choice rather than a typed minus, so a
 * deduction is always deliberate; the server refuses one that would overdraw (402).
 */
export function AdjustForm({ account, currency, onBooked }: { account: string; currency: string; onBooked: (booking: Booking) => void }) {
  const t = useT(walletMessages);
  const { locale } = useLocale();
  const [direction, setDirection] = useState<'add' | 'deduct'>('add');
  const booking = useBooking((body: { amountMinor: number; reason: string }, key: string) => adjustWallet(account, body, key));
  const { amount, setAmount, note: reason, setNote: setReason, invalid, done, onSubmit } = useAmountForm(
    (minor, note) => booking.submit({ amountMinor: direction === 'add' ? minor : -minor, reason: note }),
    onBooked,
  );

  const money = (minor: number) => formatMinor(minor, currency, locale);
  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-labelledby="wallet-adjust-heading" noValidate data-testid="adjust-form">
      <h2 id="wallet-adjust-heading">{t('adjustHeading')}</h2>
      <p class="hint">{t('adjustHint')}</p>
      <SelectField
        label={t('direction')}
        value={direction}
        onValue={(v) => setDirection(v === 'deduct' ? 'deduct' : 'add')}
        options={[
          { value: 'add', label: t('directionAdd') },
          { value: 'deduct', label: t('directionDeduct') },
        ]}
      />
      <TextField
        label={t('amount', { currency })}
        value={amount}
        onValue={setAmount}
        inputMode="decimal"
        autoComplete="off"
        required
        aria-invalid={invalid === 'amount' ? 'true' : undefined}
      />
      <TextField
        label={t('reason')}
        hint={t('reasonHint')}
        value={reason}
        onValue={setReason}
        maxLength={500}
        autoComplete="off"
        required
        aria-invalid={invalid === 'note' ? 'true' : undefined}
      />
      {invalid ? (
        <p class="notice notice-error" role="alert">
          {t(invalid === 'amount' ? 'badAmount' : 'reasonRequired')}
        </p>
      ) : null}
      <ErrorNotice error={booking.error} />
      {done ? (
        <Notice kind="success">
          {done.replayed ? t('adjustReplayed', { balance: money(done.balanceMinor) }) : t('adjustDone', { amount: money(done.amountMinor), balance: money(done.balanceMinor) })}
        </Notice>
      ) : null}
      <Button type="submit" busy={booking.busy} kind="secondary">
        {t('adjustSubmit')}
      </Button>
    </form>
  );
}
