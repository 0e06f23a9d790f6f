import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, TextField } from '../../ui/components.js';
import { approvalMessages } from './approval.messages.js';

type Approvals = ApiResponse<'/api/templates/{id}/approvals', 'get'>;
type Binding = Approvals['bindings'][number];
type Account = Approvals['accounts'][number];

const STATUS_KEY = { draft: 'statusDraft', pending: 'statusPending', approved: 'statusApproved', rejected: 'statusRejected' } as const;

/** The "Provider approval / 服务商审核" panel of an SMS template: per SMS account, submit, status with reason, sync, bind a code. */
export function ApprovalPanel({ templateId, version, unsaved, writable }: { templateId: number; version: number; unsaved: boolean; writable: boolean }) {
  const t = useT(approvalMessages);
  const [data, setData] = useState<Approvals | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = async () => {
    try {
      setData(await api<Approvals>(withQuery(`/api/templates/${templateId}/approvals`, { version })));
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    void load();
  }, [templateId, version]);

  const act = async (key: string, call: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await call();
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  if (!data) return <ErrorNotice error={error} />;
  const reviewing = data.accounts.filter((a) => a.reviews);
  return (
    <section class="panel" aria-labelledby="approval-title" data-testid="approval-panel">
      <h2 id="approval-title">{t('title')}</h2>
      <p class="hint">{t('hint')}</p>
      {unsaved ? <Notice kind="warning">{t('unsaved', { n: version })}</Notice> : null}
      {reviewing.length === 0 ? <p class="hint">{t('noAccounts')}</p> : null}
      {reviewing.map((account) => (
        <AccountApproval
          key={account.id}
          account={account}
          languages={data.languages}
          bindings={data.bindings.filter((b) => b.smsAccountId === account.id)}
          busy={busy}
          writable={writable}
          onSubmit={() => act(`submit:${account.id}`, () => api(`/api/templates/${templateId}/approvals`, { body: { smsAccountId: account.id, version } }))}
          onSync={(bindings) => act(`sync:${account.id}`, async () => {
            for (const b of bindings) await api(`/api/template-approvals/${b.id}/sync`, { method: 'POST' });
          })}
          onBind={(code) => act(`bind:${account.id}`, () => api(`/api/templates/${templateId}/approvals/bind`, { body: { smsAccountId: account.id, code, version } }))}
        />
      ))}
      <ErrorNotice error={error} />
    </section>
  );
}

function AccountApproval(props: {
  account: Account;
  languages: readonly string[];
  bindings: readonly Binding[];
  busy: string | null;
  writable: boolean;
  onSubmit: () => void;
  onSync: (bindings: readonly Binding[]) => void;
  onBind: (code: string) => void;
}) {
  const t = useT(approvalMessages);
  const { locale } = useLocale();
  const [code, setCode] = useState('');
  const { account, bindings } = props;
  const byLanguage = new Map(bindings.map((b) => [b.language, b]));
  const needsSubmit = props.languages.some((l) => {
    const b = byLanguage.get(l);
    return !b || b.status === 'rejected' || b.status === 'draft';
  });
  const pending = bindings.filter((b) => b.status === 'pending');
  return (
    <div class="approval-account" data-testid={`approval-account-${account.id}`}>
      <h3>{t('account', { name: account.name, provider: account.provider })}</h3>
      {!account.marketingVariables ? <p class="hint">{t('marketingNoVariables')}</p> : null}
      <ul>
        {props.languages.map((language) => {
          const b = byLanguage.get(language);
          return (
            <li key={language} data-testid={`approval-status-${account.id}-${language}`}>
              <strong>{language}</strong>: {b ? t(STATUS_KEY[b.status]) : t('notSubmitted')}
              {b?.code ? <> · {t('code', { code: b.code })}</> : null}
              {b?.syncedAt ? <span class="hint"> · {t('synced', { when: formatDateTime(new Date(b.syncedAt).toISOString(), locale) })}</span> : null}
              {b?.status === 'rejected' && b.reason ? <div class="error-text">{t('reason', { reason: b.reason })}</div> : null}
            </li>
          );
        })}
      </ul>
      {props.writable ? (
        <div class="row">
          {needsSubmit ? (
            <Button type="button" busy={props.busy === `submit:${account.id}`} onClick={props.onSubmit}>
              {bindings.some((b) => b.status === 'rejected') ? t('resubmit') : t('submit')}
            </Button>
          ) : null}
          {pending.length > 0 ? (
            <Button type="button" kind="secondary" busy={props.busy === `sync:${account.id}`} onClick={() => props.onSync(pending)}>
              {t('sync')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {props.writable ? (
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            if (code.trim()) props.onBind(code.trim());
          }}
        >
          <TextField label={t('bindCode')} hint={t('bindHint')} value={code} onValue={setCode} />
          <div class="field">
            <Button type="submit" kind="secondary" busy={props.busy === `bind:${account.id}`} disabled={!code.trim()}>
              {t('bind')}
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
