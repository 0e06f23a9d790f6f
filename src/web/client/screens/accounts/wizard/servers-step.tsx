import { useState } from 'preact/hooks';
import { common } from '../../../i18n/common.js';
import { useT } from '../../../i18n/index.js';
import { Button } from '../../../ui/components.js';
import { accountsMessages } from '../accounts.messages.js';
import { CheckboxField } from '../checkbox-field.js';
import { DetectionSummary } from './detection-summary.js';
import { IncomingFields, SmtpFields } from './server-fields.js';
import { StepHeading } from './step-heading.js';
import { serverProblems, type WizardDraft } from './wizard.state.js';

/**
 * Step 2: the proposed servers with where they came from and the provider's notes, all editable
 * (host, port, security, user name) before anything is tried.
 */
export function ServersStep({ draft, onChange, onNext, onBack, title }: { draft: WizardDraft; onChange: (draft: WizardDraft) => void; onNext: () => void; onBack: () => void; title: string }) {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const [showProblems, setShowProblems] = useState(false);
  const problems = showProblems ? serverProblems(draft) : [];
  const errorOf = (field: ReturnType<typeof serverProblems>[number]['field'], label: string) => {
    const found = problems.find((p) => p.field === field);
    return found ? (found.problem === 'badPort' ? t('badPort') : t('required', { field: label })) : undefined;
  };

  function next(event: Event) {
    event.preventDefault();
    if (serverProblems(draft).length > 0) return setShowProblems(true);
    onNext();
  }

  return (
    <form noValidate onSubmit={next}>
      <StepHeading>{title}</StepHeading>
      <DetectionSummary detection={draft.detection} address={draft.email} />
      <p>{t('checkAndEdit')}</p>
      <div class="columns-even">
        <IncomingFields
          protocol={draft.incomingProtocol}
          server={draft.incoming}
          leaveCopy={draft.leaveCopy}
          onProtocol={(incomingProtocol, incoming) => onChange({ ...draft, incomingProtocol, incoming })}
          onChange={(incoming) => onChange({ ...draft, incoming })}
          onLeaveCopy={(leaveCopy) => onChange({ ...draft, leaveCopy })}
          errors={{ host: errorOf('incoming.host', t('host')), port: errorOf('incoming.port', t('port')), username: errorOf('incoming.username', t('username')) }}
        />
        <SmtpFields
          server={draft.smtp}
          sendOnly={draft.incomingProtocol === 'none'}
          onChange={(smtp) => onChange({ ...draft, smtp })}
          errors={{ host: errorOf('smtp.host', t('host')), port: errorOf('smtp.port', t('port')) }}
        />
      </div>
      <CheckboxField label={t('tlsVerify')} hint={t('tlsVerifyHint')} checked={draft.tlsVerify} onChecked={(tlsVerify) => onChange({ ...draft, tlsVerify })} />
      <div class="row">
        <Button kind="secondary" onClick={onBack}>
          {tc('back')}
        </Button>
        <Button type="submit">{tc('next')}</Button>
      </div>
    </form>
  );
}
