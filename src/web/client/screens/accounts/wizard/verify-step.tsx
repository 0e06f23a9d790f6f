import { useT } from '../../../i18n/index.js';
import { Button, ErrorNotice, Notice } from '../../../ui/components.js';
import type { MailAccount, VerifyReport } from '../accounts.api.js';
import { accountsMessages } from '../accounts.messages.js';
import { VerifyChecks } from '../verify-result.js';
import { StepHeading } from './step-heading.js';

/** The state of the verification the wizard runs. */
export type VerifyRun =
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly report: VerifyReport }
  /** `existing`: the caller's mailbox for this address, when the server refused a second one. */
  | { readonly status: 'error'; readonly error: unknown; readonly existing?: MailAccount | undefined };

/**
 * Step 4: each protocol's login result (SMTP and IMAP/POP3 are tried separately, so one failing
 * does not hide the other). On failure the person goes back to the servers or the password.
 */
export function VerifyStep(props: { run: VerifyRun; title: string; onRetry: () => void; onServers: () => void; onPassword: () => void; onNext: () => void; nextLabel: string }) {
  const t = useT(accountsMessages);
  const { run } = props;
  const ok = run.status === 'done' && run.report.ok;
  return (
    <div>
      <StepHeading>{props.title}</StepHeading>
      <div aria-live="polite" aria-busy={run.status === 'running' ? 'true' : 'false'} class="acct-verify-result">
        {run.status === 'running' ? <p class="loading">{t('verifying')}</p> : null}
        {run.status === 'done' ? (
          <>
            {run.report.ok ? <Notice kind="success">{t('verifyAllOk')}</Notice> : <p class="notice notice-error">{t('verifySomeFailed')}</p>}
            <VerifyChecks report={run.report} />
          </>
        ) : null}
      </div>
      {run.status === 'error' ? <ErrorNotice error={run.error} /> : null}
      {run.status === 'error' && run.existing ? (
        <p>
          <a class="btn" href={`/accounts/mail/${run.existing.id}`} data-existing={run.existing.id}>
            {t('openExisting', { name: run.existing.name })}
          </a>
        </p>
      ) : null}
      <div class="row">
        <Button kind="secondary" disabled={run.status === 'running'} onClick={props.onServers}>
          {t('backToServers')}
        </Button>
        <Button kind="secondary" disabled={run.status === 'running'} onClick={props.onPassword}>
          {t('backToPassword')}
        </Button>
        <Button kind="secondary" busy={run.status === 'running'} onClick={props.onRetry}>
          {t('verifyAgain')}
        </Button>
        {ok ? (
          <Button onClick={props.onNext}>{props.nextLabel}</Button>
        ) : run.status === 'done' ? (
          <Button kind="secondary" onClick={props.onNext}>
            {t('saveAnyway')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
