import { useState } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { roleLabel } from '../../layout/role-label.js';
import { Button, ErrorNotice, SelectField, TextField } from '../../ui/components.js';
import { createUser, NEW_USER_ROLES, type RoleName, type UserRow } from './users.api.js';
import { usersMessages } from './users.messages.js';

/** Adds a person; the parent shows their one-time password. */
export function AddUserForm({ onCreated }: { onCreated: (user: UserRow, oneTimePassword: string) => void }) {
  const t = useT(usersMessages);
  const tc = useT(common);
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<RoleName>('marketer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await createUser({ username: username.trim().toLowerCase(), displayName: displayName.trim(), role });
      setDisplayName('');
      setUsername('');
      onCreated(created, created.oneTimePassword ?? '');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="users-add" onSubmit={submit} aria-label={t('addTitle')}>
      <h2>{t('addTitle')}</h2>
      <div class="users-add-fields">
        <TextField label={t('displayName')} name="displayName" value={displayName} onValue={setDisplayName} hint={t('displayNameHint')} required />
        <TextField label={t('username')} name="username" value={username} onValue={setUsername} hint={t('usernameHint')} autoComplete="off" required />
        <SelectField label={t('role')} name="role" value={role} onValue={(v) => setRole(v as RoleName)} options={NEW_USER_ROLES.map((r) => ({ value: r, label: roleLabel(r, tc) }))} />
      </div>
      <ErrorNotice error={error} />
      <Button type="submit" busy={busy}>
        {t('add')}
      </Button>
    </form>
  );
}
