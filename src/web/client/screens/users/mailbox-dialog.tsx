import { useState } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, SelectField } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { assignMailbox, type Mailbox, type UserRow } from './users.api.js';
import { usersMessages } from './users.messages.js';

/**
 * Picks the mailbox a person sends from. A shared mailbox or their own is linked; one that belongs
 * to someone else is transferred to them (the server moves the ownership, one rule for all callers).
 */
export function MailboxDialog({ user, users, mailboxes, onClose, onSaved }: { user: UserRow; users: readonly UserRow[]; mailboxes: readonly Mailbox[]; onClose: () => void; onSaved: () => void }) {
  const t = useT(usersMessages);
  const tc = useT(common);
  const [choice, setChoice] = useState(user.mailAccountId === null ? '' : String(user.mailAccountId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const nameOf = (id: number | null) => users.find((u) => u.id === id)?.displayName ?? String(id);
  const owner = (m: Mailbox) => (m.ownerUserId === null ? t('mailboxShared') : m.ownerUserId === user.id ? t('mailboxMine') : t('mailboxOwned', { name: nameOf(m.ownerUserId) }));
  const chosen = mailboxes.find((m) => String(m.id) === choice);
  const transfer = chosen !== undefined && chosen.ownerUserId !== null && chosen.ownerUserId !== user.id;

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await assignMailbox(user.id, chosen ? chosen.id : null, transfer);
      onSaved();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={t('mailboxTitle', { name: user.displayName })} onClose={onClose}>
      <p>{t('mailboxIntro', { name: user.displayName })}</p>
      <SelectField
        label={t('mailboxPick')}
        name="mailbox"
        value={choice}
        onValue={setChoice}
        options={[{ value: '', label: t('mailboxNone') }, ...mailboxes.map((m) => ({ value: String(m.id), label: `${m.name} <${m.email}> · ${owner(m)}` }))]}
      />
      {transfer && chosen ? <Notice kind="warning">{t('transferWarning', { owner: nameOf(chosen.ownerUserId), name: user.displayName })}</Notice> : null}
      <ErrorNotice error={error} />
      <div class="form-actions">
        <Button busy={busy} onClick={() => void save()}>
          {transfer ? t('transfer', { name: user.displayName }) : t('saveMailbox')}
        </Button>
        <Button kind="secondary" onClick={onClose}>
          {tc('cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}
