import { useState } from 'preact/hooks';
import { useAuth, useMe } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { roleLabel } from '../../layout/role-label.js';
import { ErrorNotice, Loading, Notice, PageHeader } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { useAsync } from '../../ui/use-async.js';
import { AddUserForm } from './add-user-form.js';
import { MailboxDialog } from './mailbox-dialog.js';
import { EmailDialog } from './email-dialog.js';
import { ALL_ROLES, listMailboxes, listUsers, resetPassword, updateUser, type RoleName, type UserRow } from './users.api.js';
import { usersMessages } from './users.messages.js';

/** A one-time password to hand over, shown once. */
interface Handover {
  readonly user: UserRow;
  readonly password: string;
}

/** `/users` (admins): everyone who signs in; add, change role, disable, reset password, mailbox. */
export function UsersScreen() {
  const t = useT(usersMessages);
  const tc = useT(common);
  const me = useMe();
  const { refresh } = useAuth();
  const users = useAsync((signal) => listUsers(signal), []);
  const mailboxes = useAsync((signal) => listMailboxes(signal), []);
  const [handover, setHandover] = useState<Handover | undefined>(undefined);
  const [editing, setEditing] = useState<UserRow | undefined>(undefined);
  const [emailOf, setEmailOf] = useState<UserRow | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [status, setStatus] = useState('');

  /** Runs a change; one to the admin's own account also reloads their session (role, menu). */
  const act = async (action: () => Promise<unknown>, userId?: number): Promise<boolean> => {
    setError(undefined);
    setStatus('');
    let done = false;
    try {
      await action();
      setStatus(t('saved'));
      done = true;
      if (userId === me.user.id) await refresh();
    } catch (failure) {
      setError(failure);
    }
    users.reload();
    mailboxes.reload();
    return done;
  };
  /** A refused role change puts the picker back (the row's data did not change, so no re-render would). */
  const changeRole = async (user: UserRow, select: HTMLSelectElement) => {
    if (!(await act(() => updateUser(user.id, { role: select.value as RoleName }), user.id))) select.value = user.role;
  };
  const mailboxName = (id: number | null) => (id === null ? t('noMailbox') : (mailboxes.data?.find((m) => m.id === id)?.name ?? `#${id}`));

  return (
    <>
      <PageHeader title={t('title')} />
      <p>{t('intro')}</p>
      <AddUserForm
        onCreated={(user, password) => {
          setHandover({ user, password });
          setStatus(t('created', { name: user.displayName }));
          users.reload();
        }}
      />
      {status ? <Notice kind="success">{status}</Notice> : null}
      <ErrorNotice error={error} />
      <ErrorNotice error={users.error} onRetry={users.reload} />
      {users.data === undefined ? (
        <Loading />
      ) : (
        <div class="table-wrap">
          <table class="users-table">
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colUsername')}</th>
                <th scope="col">{t('colRole')}</th>
                <th scope="col">{t('colStatus')}</th>
                <th scope="col">{t('colEmail')}</th>
                <th scope="col">{t('colMailbox')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id} data-username={user.username}>
                  <th scope="row">
                    {user.displayName} {user.id === me.user.id ? <span class="hint">{t('you')}</span> : null}
                  </th>
                  <td>
                    <code>{user.username}</code>
                  </td>
                  <td>
                    <select aria-label={t('roleOf', { name: user.displayName })} value={user.role} onChange={(event) => void changeRole(user, event.currentTarget as HTMLSelectElement)}>
                      {ALL_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {roleLabel(role, tc)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {user.disabled ? t('disabled') : t('active')}
                    {user.mustChangePassword ? <div class="hint">{t('mustChange')}</div> : null}
                  </td>
                  <td>
                    {user.email ?? <span class="hint">{t('noEmail')}</span>}{' '}
                    <button type="button" class="btn btn-secondary" aria-label={t('emailOf', { name: user.displayName })} onClick={() => setEmailOf(user)}>
                      {t('editEmail')}
                    </button>
                  </td>
                  <td>{mailboxName(user.mailAccountId)}</td>
                  <td class="users-actions">
                    <button type="button" class="btn btn-secondary" aria-label={t(user.disabled ? 'enableOf' : 'disableOf', { name: user.displayName })} onClick={() => void act(() => updateUser(user.id, { disabled: !user.disabled }), user.id)}>
                      {user.disabled ? t('enable') : t('disable')}
                    </button>
                    <button
                      type="button"
                      class="btn btn-secondary"
                      aria-label={t('resetOf', { name: user.displayName })}
                      onClick={() => void act(async () => setHandover({ user, password: (await resetPassword(user.id)).oneTimePassword }))}
                    >
                      {t('reset')}
                    </button>
                    <button type="button" class="btn btn-secondary" aria-label={t('mailboxOf', { name: user.displayName })} onClick={() => setEditing(user)}>
                      {t('mailbox')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {handover ? (
        <ModalDialog title={t('oneTimeTitle', { name: handover.user.displayName })} onClose={() => setHandover(undefined)}>
          <p>{t('oneTimeText', { name: handover.user.displayName, username: handover.user.username })}</p>
          <p>
            <code class="one-time-password" data-testid="one-time-password">
              {handover.password}
            </code>
          </p>
          <div class="form-actions">
            <button type="button" class="btn btn-primary" onClick={() => setHandover(undefined)}>
              {tc('close')}
            </button>
          </div>
        </ModalDialog>
      ) : null}
      {emailOf ? (
        <EmailDialog
          user={emailOf}
          onClose={() => setEmailOf(undefined)}
          onSaved={() => {
            setEmailOf(undefined);
            setStatus(t('saved'));
            users.reload();
          }}
        />
      ) : null}
      {editing && users.data ? (
        <MailboxDialog
          user={editing}
          users={users.data}
          mailboxes={mailboxes.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            setStatus(t('saved'));
            users.reload();
            mailboxes.reload();
          }}
        />
      ) : null}
    </>
  );
}
