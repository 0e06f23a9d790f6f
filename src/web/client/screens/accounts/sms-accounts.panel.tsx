import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { useT } from '../../i18n/index.js';
import { Button } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { deleteSmsAccount, listSmsAccounts, makeDefaultSmsAccount, type SmsAccount } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { AccountsTable, useAccountActions } from './accounts-table.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { credentialLabel, providerLabel } from './sms-providers.js';
import { NewWebhookLink } from './sms-webhook-link.js';

/** The SMS accounts: provider, which credentials are stored (never their values), sender, default. */
export function SmsAccountsPanel({ flash }: { flash?: string }) {
  const t = useT(accountsMessages);
  const { can } = useAuth();
  const writable = can('accounts:write');
  const accounts = useAsync((signal) => listSmsAccounts(signal), []);
  const actions = useAccountActions(accounts.reload, flash);
  const { busy, act } = actions;
  const [deleting, setDeleting] = useState<SmsAccount | null>(null);
  const [linking, setLinking] = useState<SmsAccount | null>(null);

  const list = accounts.data ?? [];
  return (
    <AccountsTable
      headingId="sms-heading"
      heading={t('smsHeading')}
      add={writable ? { href: '/accounts/sms/new', label: t('addSms') } : undefined}
      list={accounts}
      actions={actions}
      emptyText={t('noSms')}
      columns={[t('colName'), t('colProvider'), t('colCredentials'), t('colSender'), t('colCurrency'), t('colStatus'), ...(writable ? [t('colActions')] : [])]}
      rows={list.map((account) => (
        <tr key={account.id} data-account={account.name}>
          <th scope="row">{account.name}</th>
          <td>{providerLabel(account.provider, t)}</td>
          <td>
            {Object.entries(account.credentials).map(([name, masked]) => (
              <div key={name} class="acct-credential" data-credential={name}>
                {credentialLabel(account.provider, name, t)}: {masked}
              </div>
            ))}
            {account.webhook.auth === 'token' ? (
              <span class={account.webhook.tokenSet ? 'acct-credential' : 'acct-credential badge badge-warn'}>{account.webhook.tokenSet ? t('webhookSet') : t('webhookMissing')}</span>
            ) : null}
          </td>
          <td>{[account.signature, account.senderId].filter(Boolean).join(' · ') || '—'}</td>
          <td>
            {account.currency} · {account.timeZone}
          </td>
          <td>{account.isDefault ? <span class="badge badge-ok">{t('isDefault')}</span> : null}</td>
          {writable ? (
            <td>
              <div class="acct-actions">
                  {account.isDefault ? null : (
                    <Button
                      kind="secondary"
                      aria-label={`${t('makeDefault')}: ${account.name}`}
                      busy={busy === account.id}
                      onClick={() => void act(account.id, () => makeDefaultSmsAccount(account.id), t('madeDefault', { name: account.name }))}
                    >
                      {t('makeDefault')}
                    </Button>
                  )}
                  {account.webhook.auth === 'token' ? (
                    <Button kind="secondary" aria-label={`${t('webhookNew')}: ${account.name}`} onClick={() => setLinking(account)}>
                      {t('webhookNew')}
                    </Button>
                  ) : null}
                  <a class="btn btn-secondary" href={`/accounts/sms/${account.id}`} aria-label={`${t('editSms')}: ${account.name}`}>
                    {t('editSms')}
                  </a>
                  <Button kind="danger" aria-label={`${t('delete')}: ${account.name}`} onClick={() => setDeleting(account)}>
                    {t('delete')}
                  </Button>
              </div>
            </td>
          ) : null}
        </tr>
      ))}
    >
      {deleting ? (
        <ConfirmDialog
          title={t('confirmDeleteTitle', { name: deleting.name })}
          confirmLabel={t('delete')}
          busy={busy === deleting.id}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            void act(target.id, () => deleteSmsAccount(target.id), t('deleted', { name: target.name })).then(() => setDeleting(null));
          }}
        >
          <p>{t('confirmDeleteSms', { name: deleting.name })}</p>
        </ConfirmDialog>
      ) : null}
      {linking ? (
        <NewWebhookLink
          account={linking}
          onDone={(made) => {
            setLinking(null);
            if (made) accounts.reload();
          }}
        />
      ) : null}
    </AccountsTable>
  );
}
