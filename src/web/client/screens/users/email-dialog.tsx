import { useState } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, TextField } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { updateUser, type UserRow } from './users.api.js';
import { usersMessages } from './users.messages.js';

/** Sets a person's own email address (where their reminder digest goes); empty clears it. */
export function EmailDialog({ user, onClose, onSaved }: { user: UserRow; onClose: () => void; onSaved: () => void }) {
  const t = useT(usersMessages);
  const tc = useT(common);
  const [email, setEmail] = useState(user.email ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await updateUser(user.id, { email: email.trim() });
      onSaved();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={t('emailTitle', { name: user.displayName })} onClose={onClose}>
      <form onSubmit={save}>
        <TextField label={t('emailLabel')} hint={t('emailHint')} type="email" name="email" value={email} onValue={setEmail} />
        <ErrorNotice error={error} />
        <div class="form-actions">
          <Button type="submit" busy={busy}>
            {t('saveEmail')}
          </Button>
          <Button kind="secondary" onClick={onClose}>
            {tc('cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
