import { useState } from 'preact/hooks';
import { formatDateTime, formatMinor, parseMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { getPrices, setPrice, setThreshold, type WalletView } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

/** Minor units as the plain decimal a person would type (no grouping, no symbol): 150000 → 1500.00. */
export function minorToInput(minor: number): string {
  const digits = String(Math.abs(Math.trunc(minor))).padStart(3, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

type Outcome = { kind: 'ok'; text: string } | { kind: 'invalid'; text: string } | { kind: 'error'; error: unknown };

function OutcomeNotice({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  if (outcome.kind === 'error') return <ErrorNotice error={outcome.error} />;
  if (outcome.kind === 'invalid')
    return (
      <p class="notice notice-error" role="alert">
        {outcome.text}
      </p>
    );
  return <Notice kind="success">{outcome.text}</Notice>;
}

/** Price per part (with its history) and the low-balance alert; finance with wallet:adjust only. */
export function SettingsPanel({ account, wallet, onChanged }: { account: string; wallet: WalletView; onChanged: () => void }) {
  const t = useT(walletMessages);
  const { locale } = useLocale();
  const money = (minor: number) => formatMinor(minor, wallet.currency, locale);
  const [price, setPriceText] = useState('');
  const [threshold, setThresholdText] = useState(wallet.lowBalanceMinor === null ? '' : minorToInput(wallet.lowBalanceMinor));
  const [busy, setBusy] = useState<'price' | 'threshold' | null>(null);
  const [priceOutcome, setPriceOutcome] = useState<Outcome | null>(null);
  const [thresholdOutcome, setThresholdOutcome] = useState<Outcome | null>(null);
  const [round, setRound] = useState(0);
  const prices = useAsync((signal) => getPrices(account, signal), [account, round]);

  async function onPrice(event: Event) {
    event.preventDefault();
    const minor = parseMinor(price);
    if (minor === null) return setPriceOutcome({ kind: 'invalid', text: t('badPrice') });
    setBusy('price');
    try {
      const row = await setPrice(account, minor);
      setPriceOutcome({ kind: 'ok', text: t('priceDone', { price: money(row.priceMinor) }) });
      setPriceText('');
      setRound((r) => r + 1);
      onChanged();
    } catch (error) {
      setPriceOutcome({ kind: 'error', error });
    } finally {
      setBusy(null);
    }
  }

  async function onThreshold(event: Event) {
    event.preventDefault();
    const text = threshold.trim();
    const minor = text === '' ? null : parseMinor(text);
    if (text !== '' && minor === null) return setThresholdOutcome({ kind: 'invalid', text: t('badAmount') });
    setBusy('threshold');
    try {
      const result = await setThreshold(account, minor);
      setThresholdOutcome({ kind: 'ok', text: result.thresholdMinor === null ? t('thresholdCleared') : t('thresholdDone', { amount: money(result.thresholdMinor) }) });
      onChanged();
    } catch (error) {
      setThresholdOutcome({ kind: 'error', error });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="panel wallet-panel" aria-labelledby="wallet-settings-heading">
      <h2 id="wallet-settings-heading">{t('settingsHeading')}</h2>
      <div class="columns-even">
        <div>
          <form onSubmit={(e) => void onPrice(e)} noValidate>
            <TextField label={t('newPrice', { currency: wallet.currency })} hint={t('newPriceHint')} value={price} onValue={setPriceText} inputMode="decimal" autoComplete="off" />
            <OutcomeNotice outcome={priceOutcome} />
            <Button type="submit" kind="secondary" busy={busy === 'price'}>
              {t('priceSubmit')}
            </Button>
          </form>
          <form onSubmit={(e) => void onThreshold(e)} noValidate class="wallet-threshold">
            <TextField label={t('thresholdField', { currency: wallet.currency })} hint={t('thresholdHint')} value={threshold} onValue={setThresholdText} inputMode="decimal" autoComplete="off" />
            <OutcomeNotice outcome={thresholdOutcome} />
            <Button type="submit" kind="secondary" busy={busy === 'threshold'}>
              {t('thresholdSubmit')}
            </Button>
          </form>
        </div>
        <div>
          <h3>{t('priceHistory')}</h3>
          <ErrorNotice error={prices.error} onRetry={prices.reload} />
          {prices.data && prices.data.history.length === 0 ? <p class="hint">{t('noPriceHistory')}</p> : null}
          {prices.data && prices.data.history.length > 0 ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('effectiveFrom')}</th>
                    <th scope="col" class="num">
                      {t('price')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {prices.data.history.map((row) => (
                    <tr key={row.effectiveFrom}>
                      <td>{formatDateTime(new Date(row.effectiveFrom).toISOString(), locale)}</td>
                      <td class="num">{formatMinor(row.priceMinor, row.currency, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}
