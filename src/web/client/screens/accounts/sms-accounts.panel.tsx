import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { deleteSmsAccount, listSmsAccounts, makeDefaultSmsAccount, type SmsAccount } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { providerLabel } from './sms-providers.js';

/** The SMS accounts: provider, which credentials are stored (never their values), sender, default. */
export function SmsAccountsPanel({ flash }: { flash?: string }) {
  const t = useT(accountsMessages);
  const { can } = useAuth();
  const writable = can('accounts:write');
  const accounts = useAsync((signal) => listSmsAccounts(signal), []);
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | undefined>(flash);
  const [deleting, setDeleting] = useState<SmsAccount | null>(null);

  async function act(id: number, work: () => Promise<unknown>, done: string) {
    setBusy(id);
    setFailure(null);
    try {
      await work();
      setNotice(done);
      accounts.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  const list = accounts.data ?? [];
  return (
    <section class="panel" aria-labelledby="sms-heading">
      <div class="page-header acct-panel-head">
        <h2 id="sms-heading">{t('smsHeading')}</h2>
        {writable ? (
          <a class="btn btn-primary" href="/accounts/sms/new">
            {t('addSms')}
          </a>
        ) : null}
      </div>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorNotice error={failure} />
      <ErrorNotice error={accounts.error} onRetry={accounts.reload} />
      {accounts.loading && !accounts.data ? <Loading /> : null}
      {accounts.data && list.length === 0 ? <p>{t('noSms')}</p> : null}
      {list.length > 0 ? (
        <div class="table-wrap">
          <table class="acct-table" aria-labelledby="sms-heading">
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colProvider')}</th>
                <th scope="col">{t('colCredentials')}</th>
                <th scope="col">{t('colSender')}</th>
                <th scope="col">{t('colCurrency')}</th>
                <th scope="col">{t('colStatus')}</th>
                {writable ? <th scope="col">{t('colActions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((account) => (
                <tr key={account.id} data-account={account.name}>
                  <th scope="row">{account.name}</th>
                  <td>{providerLabel(account.provider, t)}</td>
                  <td>
                    {Object.entries(account.credentials).map(([name, masked]) => (
                      <span key={name} class="acct-credential">
                        <span class="mono">{name}</span> {masked}
                      </span>
                    ))}
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
                          <Button kind="danger" aria-label={`${t('delete')}: ${account.name}`} onClick={() => setDeleting(account)}>
                            {t('delete')}
                          </Button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
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
    </section>
  );
}
