import { useState } from 'preact/hooks';
import { ApiError } from '../../../api.js';
import { useAuth } from '../../../auth.js';
import { common } from '../../../i18n/common.js';
import { useT } from '../../../i18n/index.js';
import { Button, ErrorNotice, TextField } from '../../../ui/components.js';
import { accountsMessages } from '../accounts.messages.js';
import { CheckboxField } from '../checkbox-field.js';
import { SignatureFields } from '../signature-fields.js';
import { StepHeading } from './step-heading.js';
import type { WizardDraft } from './wizard.state.js';

/** Step 5: the handle, sender name, reply-to, signature (text and HTML) and whether it becomes the default. */
export function SaveStep(props: { draft: WizardDraft; onChange: (draft: WizardDraft) => void; onBack: () => void; onSave: () => Promise<void>; title: string }) {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const { draft, onChange } = props;
  // The default sending account is everyone's fallback: marketers and admins choose it, not a sales rep.
  const mayChooseDefault = useAuth().can('accounts:write');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSave();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={(event) => void save(event)}>
      <StepHeading>{props.title}</StepHeading>
      <div class="row">
        <TextField label={t('accountName')} name="name" value={draft.name} onValue={(name) => onChange({ ...draft, name })} hint={t('accountNameHint')} required maxLength={64} />
        <TextField label={t('senderName')} name="displayName" value={draft.displayName} onValue={(displayName) => onChange({ ...draft, displayName })} hint={t('senderNameHint')} maxLength={200} />
      </div>
      <TextField label={t('replyTo')} name="replyTo" type="email" value={draft.replyTo} onValue={(replyTo) => onChange({ ...draft, replyTo })} hint={t('replyToHint')} />
      {/* The same text + HTML fields and sandboxed preview as the edit-mailbox screen. */}
      <SignatureFields
        text={draft.signature}
        html={draft.signatureHtml}
        onText={(signature) => onChange({ ...draft, signature })}
        onHtml={(signatureHtml) => onChange({ ...draft, signatureHtml })}
      />
      {mayChooseDefault ? (
        <CheckboxField label={t('makeDefaultOnSave')} checked={draft.makeDefault} onChecked={(makeDefault) => onChange({ ...draft, makeDefault })} />
      ) : null}
      <ErrorNotice error={error} />
      {error instanceof ApiError && typeof (error.details as { existingId?: unknown } | undefined)?.existingId === 'number' ? (
        <p>
          <a class="btn" href={`/accounts/mail/${(error.details as { existingId: number }).existingId}`}>
            {t('openExisting', { name: draft.email })}
          </a>
        </p>
      ) : null}
      <div class="row">
        <Button kind="secondary" disabled={busy} onClick={props.onBack}>
          {tc('back')}
        </Button>
        <Button type="submit" busy={busy}>
          {t('saveMailbox')}
        </Button>
      </div>
    </form>
  );
}
