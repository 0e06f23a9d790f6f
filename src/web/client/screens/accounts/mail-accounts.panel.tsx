import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import {
  deleteMailAccount,
  listMailAccounts,
  listUsers,
  makeDefaultMailAccount,
  setMailAccountOwner,
  verifyMailAccount,
  type MailAccount,
  type UserSummary,
  type VerifyReport,
} from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { AccountsTable, useAccountActions } from './accounts-table.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { securityLabel } from './security-label.js';
import { LastCheck } from './last-check.js';
import { VerifyChecks } from './verify-result.js';

type Check = { readonly busy: true } | { readonly report: VerifyReport } | { readonly error: unknown };

/**
 * The mailboxes: address, servers, whose mailbox it is, whether the login works (the last check
 * the server stored; "Check login" asks the servers again), the default, and the actions the role may
 * take on each. A person's mailbox is changed only by that person and admins; shared ones by
 * marketers and admins (the server enforces it; this only hides what would be refused).
 */
export function MailAccountsPanel({ flash }: { flash?: string }) {
  const t = useT(accountsMessages);
  const { can, me } = useAuth();
  const isAdmin = can('users:admin');
  const writable = can('accounts:write', 'accounts:own');
  const mayChange = (account: MailAccount) => isAdmin || account.ownerUserId === (me?.user.id ?? -1) || (account.ownerUserId === null && can('accounts:write'));
  const accounts = useAsync((signal) => listMailAccounts(signal), []);
  const users = useAsync((signal) => (isAdmin ? listUsers(signal) : Promise.resolve([] as UserSummary[])), [isAdmin]);
  const userName = (id: number) => users.data?.find((u) => u.id === id)?.username ?? `#${id}`;
  const ownerText = (account: MailAccount) =>
    account.ownerUserId === null ? t('ownerShared') : account.ownerUserId === me?.user.id ? t('ownerYou') : t('ownerPerson', { name: userName(account.ownerUserId) });
  const [checks, setChecks] = useState<ReadonlyMap<number, Check>>(new Map());
  const actions = useAccountActions(accounts.reload, flash);
  const { busy, act } = actions;
  const [deleting, setDeleting] = useState<MailAccount | null>(null);

  const setCheck = (id: number, check: Check) => setChecks((previous) => new Map(previous).set(id, check));

  async function verify(account: MailAccount) {
    setCheck(account.id, { busy: true });
    try {
      const report = await verifyMailAccount(account.id);
      setCheck(account.id, { report });
      // The server stored this result with the mailbox: the list shows it from now on.
      accounts.reload();
    } catch (error) {
      setCheck(account.id, { error });
    }
  }

  const list = accounts.data ?? [];
  return (
    <AccountsTable
      headingId="mailboxes-heading"
      heading={t('mailHeading')}
      add={writable ? { href: '/accounts/new', label: t('addMailbox') } : undefined}
      list={accounts}
      actions={actions}
      emptyText={t('noMailboxes')}
      columns={[t('colName'), t('colAddress'), t('colOwner'), t('colServers'), t('colStatus'), ...(writable ? [t('colActions')] : [])]}
      rows={list.map((account) => {
        const check = checks.get(account.id);
        const changeable = writable && mayChange(account);
        return (
          <tr key={account.id} data-account={account.name}>
            <th scope="row">
              {changeable ? <a href={`/accounts/mail/${account.id}`}>{account.name}</a> : account.name}
            </th>
            <td>
              {account.displayName}
              <br />
              <span class="mono">{account.email}</span>
            </td>
            <td data-owner={account.ownerUserId ?? 'shared'}>
              {isAdmin && users.data ? (
                <select
                  aria-label={t('ownerPickerLabel', { name: account.name })}
                  value={account.ownerUserId === null ? '' : String(account.ownerUserId)}
                  disabled={busy === account.id}
                  onChange={(event) => {
                    const value = (event.currentTarget as HTMLSelectElement).value;
                    const owner = value === '' ? null : Number(value);
                    void act(account.id, () => setMailAccountOwner(account.id, owner), t('ownerChanged', { name: account.name, owner: owner === null ? t('ownerShared') : userName(owner) }));
                  }}
                >
                  <option value="">{t('ownerShared')}</option>
                  {users.data
                    .filter((u) => !u.disabled || u.id === account.ownerUserId)
                    .map((u) => (
                      <option key={u.id} value={String(u.id)}>
                        {u.displayName === u.username ? u.username : `${u.displayName} (${u.username})`}
                      </option>
                    ))}
                </select>
              ) : (
                ownerText(account)
              )}
            </td>
            <td class="acct-servers">
              <span>
                SMTP <span class="mono">{`${account.smtp.host}:${account.smtp.port}`}</span> · {securityLabel(account.smtp.security, t)}
              </span>
              <br />
              {account.incoming ? (
                <span>
                  {account.incoming.protocol.toUpperCase()} <span class="mono">{`${account.incoming.host}:${account.incoming.port}`}</span> ·{' '}
                  {securityLabel(account.incoming.security, t)} · {account.incoming.password ? t('passwordStored') : t('passwordMissing')}
                </span>
              ) : (
                <span class="hint">{t('noIncoming')}</span>
              )}
            </td>
            <td aria-live="polite">
              {account.isDefault ? <span class="badge badge-ok">{t('isDefault')}</span> : null}{' '}
              {check === undefined ? (
                <LastCheck check={account.lastCheck} />
              ) : 'busy' in check ? (
                <span class="badge">{t('verifying')}</span>
              ) : 'report' in check ? (
                <>
                  <span class={`badge ${check.report.ok ? 'badge-ok' : 'badge-bad'}`}>{check.report.ok ? t('verifiedOk') : t('verifiedBad')}</span>
                  {check.report.ok ? null : <VerifyChecks report={check.report} />}
                </>
              ) : (
                <ErrorNotice error={check.error} />
              )}
            </td>
            {writable ? (
              <td>
                {changeable ? (
                <div class="acct-actions">
                    <Button kind="secondary" aria-label={`${t('verify')}: ${account.name}`} busy={check !== undefined && 'busy' in check} onClick={() => void verify(account)}>
                      {t('verify')}
                    </Button>
                    {account.isDefault || !can('accounts:write') ? null : (
                      <Button
                        kind="secondary"
                        aria-label={`${t('makeDefault')}: ${account.name}`}
                        busy={busy === account.id}
                        onClick={() => void act(account.id, () => makeDefaultMailAccount(account.id), t('madeDefault', { name: account.name }))}
                      >
                        {t('makeDefault')}
                      </Button>
                    )}
                    <a class="btn btn-secondary" href={`/accounts/mail/${account.id}`} aria-label={`${t('edit')}: ${account.name}`}>
                      {t('edit')}
                    </a>
                    <Button kind="danger" aria-label={`${t('delete')}: ${account.name}`} onClick={() => setDeleting(account)}>
                      {t('delete')}
                    </Button>
                </div>
                ) : null}
              </td>
            ) : null}
          </tr>
        );
      })}
    >
      {deleting ? (
        <ConfirmDialog
          title={t('confirmDeleteTitle', { name: deleting.name })}
          confirmLabel={t('delete')}
          busy={busy === deleting.id}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            void act(target.id, () => deleteMailAccount(target.id), t('deleted', { name: target.name })).then(() => setDeleting(null));
          }}
        >
          <p>{t('confirmDeleteMail', { email: deleting.email })}</p>
        </ConfirmDialog>
      ) : null}
    </AccountsTable>
  );
}
