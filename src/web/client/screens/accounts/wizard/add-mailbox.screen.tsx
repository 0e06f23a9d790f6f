import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, withQuery } from '../../../api.js';
import { useAuth } from '../../../auth.js';
import { useT } from '../../../i18n/index.js';
import { Button, PageHeader } from '../../../ui/components.js';
import { createMailAccount, listMailAccounts, verifyMailAccountDraft, type MailAccount } from '../accounts.api.js';
import { accountsMessages } from '../accounts.messages.js';
import { AddressStep } from './address-step.js';
import { PasswordStep } from './password-step.js';
import { SaveStep } from './save-step.js';
import { ServersStep } from './servers-step.js';
import { VerifyStep, type VerifyRun } from './verify-step.js';
import { createBody, EMPTY_DRAFT, finishBody, nameFromAddress, type WizardDraft } from './wizard.state.js';

const STEPS = ['stepAddress', 'stepServers', 'stepPassword', 'stepVerify', 'stepSave'] as const;

/**
 * Creates the mailbox, trying "name", "name-2", … only while the handle is taken by a mailbox of
 * another address or owner (CONFLICT); the same address for the same owner is refused by the
 * server (ACCOUNT_MAILBOX_EXISTS) and never retried under another name.
 */
async function createWithFreeName(draft: WizardDraft, mayChooseDefault: boolean): Promise<MailAccount> {
  const base = finishBody(draft, mayChooseDefault);
  for (let attempt = 1; ; attempt += 1) {
    const name = attempt === 1 ? base.name : `${base.name.slice(0, 60)}-${attempt}`;
    try {
      return await createMailAccount({ ...base, name });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409 && error.code === 'CONFLICT') || attempt >= 5) throw error;
    }
  }
}

/** The caller's mailbox for the address, to offer opening it when the server says it exists. */
async function existingMailbox(error: unknown, email: string): Promise<MailAccount | undefined> {
  if (!(error instanceof ApiError && error.code === 'ACCOUNT_MAILBOX_EXISTS')) return undefined;
  const address = email.trim().toLowerCase();
  return (await listMailAccounts().catch(() => [] as MailAccount[])).find((a) => a.email === address);
}

/**
 * The add-mailbox wizard: Address → Servers → Password → Verify → Save. Nothing is stored until
 * the last step: "Verify" logs in with the unsaved settings (POST /api/accounts/verify), and
 * "Save mailbox" creates the mailbox once, the server logging in again and storing that result
 * with it. Leaving the wizard at any point leaves nothing behind.
 */
export function AddMailboxScreen() {
  const t = useT(accountsMessages);
  const { route } = useLocation();
  const mayChooseDefault = useAuth().can('accounts:write');
  const [draft, setDraft] = useState<WizardDraft>(EMPTY_DRAFT);
  const [step, setStep] = useState(0);
  const [run, setRun] = useState<VerifyRun>({ status: 'running' });
  const title = (index: number) => t('stepOf', { n: index + 1, total: STEPS.length, name: t(STEPS[index] ?? 'stepAddress') });

  async function verify() {
    setStep(3);
    setRun({ status: 'running' });
    try {
      setRun({ status: 'done', report: await verifyMailAccountDraft(createBody(draft)) });
    } catch (error) {
      setRun({ status: 'error', error, existing: await existingMailbox(error, draft.email) });
    }
  }

  async function save() {
    try {
      const saved = await createWithFreeName(draft, mayChooseDefault);
      setDraft(EMPTY_DRAFT);
      route(withQuery('/accounts', { added: saved.name }));
    } catch (error) {
      const existing = await existingMailbox(error, draft.email);
      if (existing) throw new ApiError(409, 'ACCOUNT_MAILBOX_EXISTS', `${(error as Error).message}`, { existingId: existing.id });
      throw error;
    }
  }

  function cancel() {
    route('/accounts');
  }

  return (
    <>
      <PageHeader title={t('wizardTitle')}>
        <Button kind="secondary" onClick={cancel}>
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
              setDraft({ ...next, name: nameFromAddress(next.email) });
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
