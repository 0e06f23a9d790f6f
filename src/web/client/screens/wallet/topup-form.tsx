import { formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, TextField } from '../../ui/components.js';
import { useAmountForm } from './use-amount-form.js';
import { useBooking } from './use-booking.js';
import { topUp, type Booking } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

/** Books a top-up: a decimal amount (parsed to minor units, never a float) and a payment reference. */
export function TopUpForm({ account, currency, onBooked }: { account: string; currency: string; onBooked: (booking: Booking) => void }) {
  const t = useT(walletMessages);
  const { locale } = useLocale();
  const booking = useBooking((body: { amountMinor: number; reference: string }, key: string) => topUp(account, body, key));
  const { amount, setAmount, note: reference, setNote: setReference, invalid, done, onSubmit } = useAmountForm(
    (amountMinor, note) => booking.submit({ amountMinor, reference: note }),
    onBooked,
  );

  const money = (minor: number) => formatMinor(minor, currency, locale);
  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-labelledby="wallet-topup-heading" noValidate data-testid="topup-form">
      <h2 id="wallet-topup-heading">{t('topUpHeading')}</h2>
      <TextField
        label={t('amount', { currency })}
        hint={t('amountHint')}
        value={amount}
        onValue={setAmount}
        inputMode="decimal"
        autoComplete="off"
        required
        aria-invalid={invalid === 'amount' ? 'true' : undefined}
      />
      <TextField
        label={t('reference')}
        hint={t('referenceHint')}
        value={reference}
        onValue={setReference}
        maxLength={200}
        autoComplete="off"
        required
        aria-invalid={invalid === 'note' ? 'true' : undefined}
      />
      {invalid ? (
        <p class="notice notice-error" role="alert">
          {t(invalid === 'amount' ? 'badAmount' : 'referenceRequired')}
        </p>
      ) : null}
      <ErrorNotice error={booking.error} />
      {done ? (
        <Notice kind="success">
          {done.replayed ? t('topUpReplayed', { balance: money(done.balanceMinor) }) : t('topUpDone', { amount: money(done.amountMinor), balance: money(done.balanceMinor) })}
        </Notice>
      ) : null}
      <Button type="submit" busy={booking.busy}>
        {t('topUpSubmit')}
      </Button>
    </form>
  );
}
