import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { withQuery } from '../../api.js';
import { useAuth } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, PageHeader, SelectField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { AdjustForm } from './adjust-form.js';
import { BalancePanel } from './balance-panel.js';
import { HeldPanel } from './held-panel.js';
import { LedgerPanel } from './ledger-panel.js';
import { SandboxOutboxPanel } from './sandbox-outbox-panel.js';
import { SettingsPanel } from './settings-panel.js';
import { StatsPanel } from './stats-panel.js';
import { TopUpForm } from './topup-form.js';
import { getWallet, listSmsAccounts, type SmsAccountItem } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

/**
 * The SMS wallet for finance: pick an SMS account (kept in `?account=` so the page can be linked),
 * then its balance, top-up and adjustment, usage statistics with CSV export, the ledger, and the
 * price and low-balance alert. What a role may change follows its permissions; the API checks again.
 */
export function WalletScreen() {
  const t = useT(walletMessages);
  const tc = useT(common);
  const { query, route } = useLocation();
  const accounts = useAsync((signal) => listSmsAccounts(signal), []);
  const list = accounts.data ?? [];
  const chosen = list.find((a) => a.name === query.account) ?? list.find((a) => a.isDefault) ?? list[0];

  return (
    <>
      <PageHeader title={tc('navWallet')} />
      <p class="hint">{t('intro')}</p>
      <ErrorNotice error={accounts.error} onRetry={accounts.reload} />
      {accounts.loading && !accounts.data ? <Loading /> : null}
      {accounts.data && list.length === 0 ? <p class="notice notice-info">{t('noAccounts')}</p> : null}
      {chosen ? (
        <>
          <div class="wallet-account">
            <SelectField
              label={t('account')}
              name="account"
              value={chosen.name}
              onValue={(name) => route(withQuery('/wallet', { account: name }), true)}
              options={list.map((a) => ({ value: a.name, label: t(a.isDefault ? 'accountDefault' : 'accountOption', { name: a.name, provider: a.provider, currency: a.currency }) }))}
            />
          </div>
          <AccountWallet key={chosen.id} account={chosen} />
        </>
      ) : null}
    </>
  );
}

/** Everything about one account's wallet; remounted per account so no form keeps another's state. */
function AccountWallet({ account }: { account: SmsAccountItem }) {
  const { can } = useAuth();
  const [refresh, setRefresh] = useState(0);
  const changed = () => setRefresh((r) => r + 1);
  const wallet = useAsync((signal) => getWallet(account.name, signal), [account.name, refresh]);
  const canTopUp = can('wallet:topup');
  const canAdjust = can('wallet:adjust');

  return (
    <>
      <ErrorNotice error={wallet.error} onRetry={wallet.reload} />
      {wallet.loading && !wallet.data ? <Loading /> : null}
      {wallet.data ? (
        <div class="columns-even">
          <BalancePanel account={account.name} wallet={wallet.data} />
          {canTopUp || canAdjust ? (
            <div class="panel wallet-forms">
              {canTopUp ? <TopUpForm account={account.name} currency={wallet.data.currency} onBooked={changed} /> : null}
              {canAdjust ? <AdjustForm account={account.name} currency={wallet.data.currency} onBooked={changed} /> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      <StatsPanel account={account.name} currency={account.currency} timeZone={account.timeZone} canExport={can('wallet:export')} />
      <HeldPanel account={account.name} currency={account.currency} refresh={refresh} canSettle={canAdjust} onSettled={changed} />
      <LedgerPanel account={account.name} refresh={refresh} />
      {account.provider === 'sandbox' ? <SandboxOutboxPanel account={account.name} refresh={refresh} /> : null}
      {canAdjust && wallet.data ? <SettingsPanel account={account.name} wallet={wallet.data} onChanged={changed} /> : null}
    </>
  );
}
