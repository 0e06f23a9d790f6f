import { useState } from 'preact/hooks';
import { common } from '../../../i18n/common.js';
import { useT } from '../../../i18n/index.js';
import { Button, TextField } from '../../../ui/components.js';
import { accountsMessages } from '../accounts.messages.js';
import { CheckboxField } from '../checkbox-field.js';
import { DetectionSummary, needsAuthCode } from './detection-summary.js';
import { StepHeading } from './step-heading.js';
import type { WizardDraft } from './wizard.state.js';

/**
 * Step 3: the password, called an authorization code (授权码) when the provider wants one; the
 * provider's notes are repeated here, where they matter. Typed secrets stay in this page's memory
 * until saved and are never shown again.
 */
export function PasswordStep({ draft, onChange, onNext, onBack, title }: { draft: WizardDraft; onChange: (draft: WizardDraft) => void; onNext: () => void; onBack: () => void; title: string }) {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const [problem, setProblem] = useState<string | undefined>();
  const authCode = needsAuthCode(draft.detection);
  const label = authCode ? t('passwordOrCode') : t('password');
  const sendOnly = draft.incomingProtocol === 'none';
  const smtpLogin = draft.smtp.auth;

  function next(event: Event) {
    event.preventDefault();
    const missing = !draft.password ? label : draft.separateSmtpPassword && smtpLogin && !draft.smtpPassword ? t('smtpPassword') : undefined;
    if (missing && (!sendOnly || smtpLogin)) return setProblem(t('required', { field: missing }));
    setProblem(undefined);
    onNext();
  }

  return (
    <form noValidate onSubmit={next} autocomplete="off">
      <StepHeading>{title}</StepHeading>
      {draft.detection.status === 'found' && draft.detection.report.hints.length > 0 ? <DetectionSummary detection={draft.detection} address={draft.email} /> : null}
      <TextField
        label={label}
        name="password"
        type="password"
        autocomplete="new-password"
        value={draft.password}
        onValue={(password) => onChange({ ...draft, password })}
        required
        hint={problem ?? t('passwordHint')}
        aria-invalid={problem ? 'true' : undefined}
      />
      {smtpLogin && !sendOnly ? (
        <CheckboxField label={t('separateSmtpPassword')} checked={draft.separateSmtpPassword} onChecked={(separateSmtpPassword) => onChange({ ...draft, separateSmtpPassword })} />
      ) : null}
      {smtpLogin && !sendOnly && draft.separateSmtpPassword ? (
        <TextField label={t('smtpPassword')} name="smtpPassword" type="password" autocomplete="new-password" value={draft.smtpPassword} onValue={(smtpPassword) => onChange({ ...draft, smtpPassword })} required />
      ) : null}
      <div class="row">
        <Button kind="secondary" onClick={onBack}>
          {tc('back')}
        </Button>
        <Button type="submit">{t('verifyNow')}</Button>
      </div>
    </form>
  );
}
