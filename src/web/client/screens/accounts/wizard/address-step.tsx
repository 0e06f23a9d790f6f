import { useState } from 'preact/hooks';
import { ApiError } from '../../../api.js';
import { useT } from '../../../i18n/index.js';
import { Button, TextField } from '../../../ui/components.js';
import { detectServers } from '../accounts.api.js';
import { accountsMessages } from '../accounts.messages.js';
import { StepHeading } from './step-heading.js';
import { applyDetection, domainOf, looksLikeAddress, manualServers, type WizardDraft } from './wizard.state.js';

/**
 * Step 1: the address (and the sender's name). "Find servers" asks the server's detection
 * (bundled table, autoconfig, ISPDB, MX, SRV, probing); "Enter servers yourself" skips it. A miss
 * or a failed lookup is not a dead end: the next step starts with empty servers to type.
 */
export function AddressStep({ draft, onDone, title }: { draft: WizardDraft; onDone: (draft: WizardDraft) => void; title: string }) {
  const t = useT(accountsMessages);
  const [email, setEmail] = useState(draft.email);
  const [displayName, setDisplayName] = useState(draft.displayName);
  const [problem, setProblem] = useState<string | undefined>();
  const [detecting, setDetecting] = useState(false);

  const base = (): WizardDraft | undefined => {
    if (!looksLikeAddress(email)) {
      setProblem(t('badAddress'));
      return undefined;
    }
    setProblem(undefined);
    return { ...draft, email: email.trim(), displayName };
  };

  async function find(event: Event) {
    event.preventDefault();
    const next = base();
    if (!next) return;
    setDetecting(true);
    try {
      onDone(applyDetection(next, await detectServers(next.email)));
    } catch (error) {
      const miss = error instanceof ApiError && error.code === 'ACCOUNT_AUTODETECT_MISS';
      onDone(manualServers(next, miss ? { status: 'miss' } : { status: 'failed', error }));
    } finally {
      setDetecting(false);
    }
  }

  function manual() {
    const next = base();
    if (next) onDone(manualServers(next, { status: 'manual' }));
  }

  return (
    <form noValidate onSubmit={(event) => void find(event)}>
      <StepHeading>{title}</StepHeading>
      <TextField
        label={t('address')}
        name="email"
        type="email"
        autocomplete="email"
        value={email}
        onValue={setEmail}
        required
        hint={problem ?? t('addressHint')}
        aria-invalid={problem ? 'true' : undefined}
      />
      <TextField label={t('senderName')} name="displayName" value={displayName} onValue={setDisplayName} hint={t('senderNameHint')} maxLength={200} />
      {detecting ? (
        <p class="loading" role="status" aria-live="polite">
          {t('detecting', { domain: domainOf(email) })}
        </p>
      ) : null}
      <div class="row">
        <Button type="submit" busy={detecting}>
          {t('findServers')}
        </Button>
        <Button kind="secondary" disabled={detecting} onClick={manual}>
          {t('enterManually')}
        </Button>
      </div>
    </form>
  );
}
