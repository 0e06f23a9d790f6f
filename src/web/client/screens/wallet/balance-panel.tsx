import { useState } from 'preact/hooks';
import { formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice } from '../../ui/components.js';
import { checkWallet, type Consistency, type WalletView } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

/** The balance and its parts, the alert state, and the ledger-vs-totals check. */
export function BalancePanel({ account, wallet }: { account: string; wallet: WalletView }) {
  const t = useT(walletMessages);
  const { locale } = useLocale();
  const money = (minor: number) => formatMinor(minor, wallet.currency, locale);
  const [check, setCheck] = useState<{ busy: boolean; result?: Consistency; error?: unknown }>({ busy: false });

  async function runCheck() {
    setCheck({ busy: true });
    try {
      setCheck({ busy: false, result: await checkWallet(account) });
    } catch (error) {
      setCheck({ busy: false, error });
    }
  }

  return (
    <section class="panel wallet-panel" aria-labelledby="wallet-balance-heading">
      <h2 id="wallet-balance-heading">{t('balanceHeading')}</h2>
      <p class="wallet-balance">
        <span class="hint">{t('balance')}</span>
        <strong data-testid="wallet-balance" data-minor={wallet.balanceMinor}>
          {money(wallet.balanceMinor)}
        </strong>
      </p>
      {wallet.low ? (
        <p class="notice notice-warning" role="status">
          {t('lowBalance')}
        </p>
      ) : null}
      <dl class="wallet-facts">
        <dt>{t('pending')}</dt>
        <dd>{money(wallet.pendingMinor)}</dd>
        <dt>{t('credited')}</dt>
        <dd>{money(wallet.creditedMinor)}</dd>
        <dt>{t('adjusted')}</dt>
        <dd>{money(wallet.adjustedMinor)}</dd>
        <dt>{t('posted')}</dt>
        <dd>{money(wallet.postedMinor)}</dd>
        <dt>{t('price')}</dt>
        <dd data-testid="wallet-price">{money(wallet.priceMinor)}</dd>
        <dt>{t('threshold')}</dt>
        <dd>{wallet.lowBalanceMinor === null ? t('thresholdOff') : money(wallet.lowBalanceMinor)}</dd>
      </dl>
      <Button kind="secondary" busy={check.busy} onClick={() => void runCheck()}>
        {t('check')}
      </Button>
      <ErrorNotice error={check.error} />
      {check.result ? (
        check.result.ok ? (
          <Notice kind="success">{t('consistent')}</Notice>
        ) : (
          <p class="notice notice-error" role="alert">
            {t('inconsistent', { problems: check.result.problems.join('; ') })}
          </p>
        )
      ) : null}
    </section>
  );
}
