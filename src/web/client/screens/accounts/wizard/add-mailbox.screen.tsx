import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, withQuery } from '../../../api.js';
import { useT } from '../../../i18n/index.js';
import { Button, PageHeader } from '../../../ui/components.js';
import { createMailAccount, deleteMailAccount, makeDefaultMailAccount, updateMailAccount, verifyMailAccount, type MailAccount } from '../accounts.api.js';
import { accountsMessages } from '../accounts.messages.js';
import { AddressStep } from './address-step.js';
import { PasswordStep } from './password-step.js';
import { SaveStep } from './save-step.js';
import { ServersStep } from './servers-step.js';
import { VerifyStep, type VerifyRun } from './verify-step.js';
import { createBody, detailsPatch, EMPTY_DRAFT, nameFromAddress, serversPatch, type WizardDraft } from './wizard.state.js';

const STEPS = ['stepAddress', 'stepServers', 'stepPassword', 'stepVerify', 'stepSave'] as const;

/** Creates the account, trying "name", "name-2", … when the handle is taken by another mailbox. */
async function createWithFreeName(draft: WizardDraft): Promise<MailAccount> {
  const base = createBody(draft);
  for (let attempt = 1; ; attempt += 1) {
    const name = attempt === 1 ? base.name : `${base.name.slice(0, 60)}-${attempt}`;
    try {
      return await createMailAccount({ ...base, name });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409) || attempt >= 5) throw error;
    }
  }
}

/**
 * The add-mailbox wizard: Address → Servers → Password → Verify → Save. The API verifies saved
 * accounts only, so the first "Verify" stores the account (password sealed) and later attempts
 * update it; "Save" then sets its handle and presentation. Cancelling after that first
 * verification deletes the half-made account, so nothing is left behind.
 */
export function AddMailboxScreen() {
  const t = useT(accountsMessages);
  const { route } = useLocation();
  const [draft, setDraft] = useState<WizardDraft>(EMPTY_DRAFT);
  const [step, setStep] = useState(0);
  const [run, setRun] = useState<VerifyRun>({ status: 'running' });
  const [cancelling, setCancelling] = useState(false);
  const accountId = useRef<number | null>(null);
  const title = (index: number) => t('stepOf', { n: index + 1, total: STEPS.length, name: t(STEPS[index] ?? 'stepAddress') });

  async function verify() {
    setStep(3);
    setRun({ status: 'running' });
    try {
      if (accountId.current === null) {
        const created = await createWithFreeName(draft);
        accountId.current = created.id;
        setDraft((d) => ({ ...d, name: created.name, displayName: d.displayName || created.displayName }));
      } else {
        await updateMailAccount(accountId.current, serversPatch(draft));
      }
      setRun({ status: 'done', report: await verifyMailAccount(accountId.current) });
    } catch (error) {
      setRun({ status: 'error', error });
    }
  }

  async function save() {
    const id = accountId.current;
    if (id === null) return;
    const saved = await updateMailAccount(id, detailsPatch(draft));
    if (draft.makeDefault) await makeDefaultMailAccount(id);
    setDraft(EMPTY_DRAFT);
    route(withQuery('/accounts', { added: saved.name }));
  }

  async function cancel() {
    setCancelling(true);
    const id = accountId.current;
    if (id !== null) await deleteMailAccount(id).catch(() => undefined);
    route('/accounts');
  }

  return (
    <>
      <PageHeader title={t('wizardTitle')}>
        <Button kind="secondary" busy={cancelling} onClick={() => void cancel()}>
          {t('cancelWizard')}
        </Button>
      </PageHeader>
      <ol class="steps" aria-label={t('wizardSteps')}>
        {STEPS.map((key, index) => (
          <li key={key} aria-current={index === step ? 'step' : undefined} class={index < step ? 'acct-step-done' : undefined}>
            {index + 1}. {t(key)}
          </li>
        ))}
      </ol>
      <div class="panel acct-wizard">
        {step === 0 ? (
          <AddressStep
            title={title(0)}
            draft={draft}
            onDone={(next) => {
              setDraft({ ...next, name: accountId.current === null ? nameFromAddress(next.email) : draft.name });
              setStep(1);
            }}
          />
        ) : null}
        {step === 1 ? <ServersStep title={title(1)} draft={draft} onChange={setDraft} onBack={() => setStep(0)} onNext={() => setStep(2)} /> : null}
        {step === 2 ? <PasswordStep title={title(2)} draft={draft} onChange={setDraft} onBack={() => setStep(1)} onNext={() => void verify()} /> : null}
        {step === 3 ? (
          <VerifyStep
            title={title(3)}
            run={run}
            nextLabel={t('stepSave')}
            onRetry={() => void verify()}
            onServers={() => setStep(1)}
            onPassword={() => setStep(2)}
            onNext={() => setStep(4)}
          />
        ) : null}
        {step === 4 ? <SaveStep title={title(4)} draft={draft} onChange={setDraft} onBack={() => setStep(3)} onSave={save} /> : null}
      </div>
    </>
  );
}
