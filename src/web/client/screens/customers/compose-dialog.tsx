import { useEffect, useId, useState } from 'preact/hooks';
import { useAuth, useMe } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useLocale, useT } from '../../i18n/index.js';
import { formatCount } from '../../i18n/format.js';
import { Button, ErrorNotice, Notice, SelectField, TextArea, TextField } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { useAsync } from '../../ui/use-async.js';
import { getCampaign, listEmailTemplates, listMailAccounts, previewAudience, sendOneOff, type CampaignDetail, type MailAccount } from './customers.api.js';
import { messages } from './customers.messages.js';
import type { Ticked } from './ticks.js';
import { oneoffFrom, previewOneoff, type OneoffPreview, type Skipped } from './rep.api.js';
import { skippedLine } from './rep.format.js';
import { repMessages } from './rep.messages.js';

/** The most customers one POST /api/send takes. */
export const ONE_OFF_MAX = 500;
const SHOWN = 12;

/** Nothing is left to send (every recipient has a message and none is still queued). */
const finished = (c: CampaignDetail) => ['finished', 'cancelled', 'failed'].includes(c.status) || (c.progress.materialized && c.progress.remaining === 0);

/** The account preselected: the caller's own, else the default sending account, else the first. */
function initialAccount(accounts: readonly MailAccount[], own: number | null): string {
  const chosen = accounts.find((a) => a.id === own) ?? accounts.find((a) => a.isDefault) ?? accounts[0];
  return chosen ? String(chosen.id) : '';
}

/**
 * Writes one email to the ticked customers now (POST /api/send): a subject and text, or a saved
 * template; shows who receives it before sending and the progress after. People who may run
 * campaigns choose the sending account; everyone else writes from their own. `initialTemplate`
 * opens it on that saved template (the greeting a reminder links to).
 */
export function ComposeDialog({ recipients, onClose, initialTemplate }: { recipients: readonly Ticked[]; onClose: () => void; initialTemplate?: number | undefined }) {
  const t = useT(messages);
  const tr = useT(repMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const { can } = useAuth();
  const me = useMe();
  const chooseAccount = can('campaigns:write');
  const ids = recipients.map((r) => r.id);
  const radioName = useId();

  const preview = useAsync((signal) => (can('customers:read') ? previewAudience('email', { customerIds: ids }, signal) : Promise.resolve(undefined)), [ids.join(',')]);
  const accounts = useAsync((signal) => (chooseAccount ? listMailAccounts(signal) : Promise.resolve([])), [chooseAccount]);
  const templates = useAsync((signal) => listEmailTemplates(signal), []);
  // The mailbox a writer who may not choose sends from, named ("From: Li Lei <li@…>").
  const own = useAsync((signal) => (chooseAccount ? Promise.resolve(undefined) : oneoffFrom(signal)), [chooseAccount]);

  const [account, setAccount] = useState('');
  // "Send the greeting" (the overview, the digest email) opens with its template chosen.
  const [mode, setMode] = useState<'write' | 'template'>(initialTemplate === undefined ? 'write' : 'template');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [template, setTemplate] = useState(initialTemplate === undefined ? '' : String(initialTemplate));
  const [tracking, setTracking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [sent, setSent] = useState<CampaignDetail | undefined>(undefined);
  const [skipped, setSkipped] = useState<readonly Skipped[]>([]);
  const [shown, setShown] = useState<OneoffPreview | undefined>(undefined);
  const [previewError, setPreviewError] = useState<unknown>(undefined);

  // The live preview: rendered by the server for the first recipient, as sending will render it.
  const first = ids[0];
  useEffect(() => {
    if (first === undefined || sent) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const content = mode === 'template' ? (template ? { template: Number(template) } : undefined) : { subject, text };
      if (!content) return;
      previewOneoff({ customerId: first, ...content, ...(chooseAccount && account ? { mailAccount: Number(account) } : {}) }, controller.signal).then(
        (p) => {
          setShown(p);
          setPreviewError(undefined);
        },
        (e: unknown) => !controller.signal.aborted && setPreviewError(e),
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [first, mode, subject, text, template, account, sent]);

  useEffect(() => {
    if (accounts.data && account === '') setAccount(initialAccount(accounts.data, me.user.mailAccountId));
  }, [accounts.data]);
  useEffect(() => {
    const first = templates.data?.[0];
    if (first && template === '') setTemplate(String(first.id));
  }, [templates.data]);

  // Follow the progress while messages are still going out (campaigns:read only).
  useEffect(() => {
    if (!sent || finished(sent) || !can('campaigns:read')) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      getCampaign(sent.id, controller.signal).then(setSent, () => undefined);
    }, 1000);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [sent]);

  const noOwnAccount = !chooseAccount && (me.user.mailAccountId === null || (own.data !== undefined && own.data.from === null));
  const noAccounts = chooseAccount && accounts.data !== undefined && accounts.data.length === 0;

  async function send() {
    setError(undefined);
    const content =
      mode === 'template' ? (template ? { template: Number(template) } : undefined) : subject.trim() && text.trim() ? { subject: subject.trim(), text } : undefined;
    if (!content) {
      setError(new Error(t('needSubject')));
      return;
    }
    setBusy(true);
    try {
      const result = await sendOneOff({ customerIds: ids, ...content, ...(chooseAccount && account ? { mailAccount: Number(account) } : {}), tracking });
      setSkipped(result.skipped);
      setSent(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const title = recipients.length === 1 ? t('composeTitleOne', { name: recipients[0]?.displayName ?? '' }) : t('composeTitle', { count: formatCount(recipients.length, locale) });
  const n = (v: number | undefined) => formatCount(v ?? 0, locale);

  if (sent) {
    const counts = sent.progress.counts;
    const done = finished(sent);
    return (
      <ModalDialog title={t('sentTitle')} onClose={onClose}>
        <Notice kind="success">{tr('sentTo', { count: n(sent.progress.total - (counts.suppressed ?? 0)) })}</Notice>
        {skipped.length > 0 ? (
          <Notice kind="warning">
            <strong>{tr('skippedHeading')}</strong>
            <ul class="cust-plain" data-testid="skipped">
              {skipped.map((s) => (
                <li key={s.customerId}>{skippedLine(s, tr)}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        <p role="status" aria-live="polite" data-testid="send-progress" hidden={!can('campaigns:read') && !done}>
          {done
            ? t('progressDone', { sent: n(counts.sent), failed: n((counts.failed ?? 0) + (counts.unknown ?? 0)), suppressed: n(counts.suppressed) })
            : t('progress', { sent: n(counts.sent), failed: n(counts.failed), remaining: n(sent.progress.remaining) })}
        </p>
        <div class="cust-actions">
          <Button onClick={onClose}>{tc('close')}</Button>
        </div>
      </ModalDialog>
    );
  }

  return (
    <ModalDialog title={title} onClose={onClose} wide>
      <section aria-label={t('recipients')}>
        <h3>{t('recipients')}</h3>
        <ul class="cust-recipients">
          {recipients.slice(0, SHOWN).map((r) => (
            <li key={r.id}>
              {r.displayName} <span class="hint">{r.email ?? t('noEmailAddress')}</span>
            </li>
          ))}
          {recipients.length > SHOWN ? <li>{t('recipientsMore', { count: n(recipients.length - SHOWN) })}</li> : null}
        </ul>
        {preview.data ? (
          <p data-testid="compose-reach">{t('willReceive', { reachable: n(preview.data.reachable), suppressed: n(preview.data.suppressed), noAddress: n(preview.data.noAddress) })}</p>
        ) : null}
        <ErrorNotice error={preview.error} />
      </section>

      {noOwnAccount ? (
        <Notice kind="warning">
          {tr('noSendingMailbox')} {can('accounts:write', 'accounts:own') ? <a href="/accounts/new">{tr('addMailbox')}</a> : t('noOwnAccount')}
        </Notice>
      ) : null}
      {noAccounts ? <Notice kind="warning">{t('noAccounts')}</Notice> : null}
      {chooseAccount && accounts.data && accounts.data.length > 0 ? (
        <SelectField
          label={t('fromLabel')}
          value={account}
          onValue={setAccount}
          options={accounts.data.map((a) => {
            const label = `${a.displayName} <${a.email}>`;
            return { value: String(a.id), label: a.isDefault ? t('defaultMark', { name: label }) : label };
          })}
        />
      ) : null}
      {!chooseAccount && own.data?.from ? <p data-testid="compose-from">{tr('fromMailbox', { name: own.data.from.displayName, email: own.data.from.email })}</p> : null}
      <ErrorNotice error={own.error} />
      <ErrorNotice error={accounts.error} />

      <fieldset>
        <legend>{t('contentLegend')}</legend>
        <div class="row cust-radios">
          <label>
            <input type="radio" name={radioName} checked={mode === 'write'} onChange={() => setMode('write')} /> {t('writeNow')}
          </label>
          <label>
            <input type="radio" name={radioName} checked={mode === 'template'} onChange={() => setMode('template')} /> {t('useTemplate')}
          </label>
        </div>
        {mode === 'write' ? (
          <>
            <TextField label={t('subject')} value={subject} onValue={setSubject} required maxLength={998} />
            <TextArea label={t('body')} value={text} onValue={setText} rows={6} hint={t('mergeHint')} />
            {shown && shown.fields.length > 0 ? (
              <div class="field" role="group" aria-label={tr('fieldsHeading')}>
                <span>{tr('fieldsHeading')}</span> <small class="hint">{tr('fieldsHint')}</small>
                <div class="row">
                  {shown.fields.map((f) => (
                    <Button key={f.path} kind="secondary" onClick={() => setText((v) => `${v}${f.insert}`)} aria-label={tr('insertField', { path: f.insert })}>
                      {f.insert} <span class="hint">({f.value})</span>
                    </Button>
                  ))}
                </div>
              </div>
            ) : null}
          </>
        ) : templates.data && templates.data.length > 0 ? (
          <SelectField label={t('templateLabel')} value={template} onValue={setTemplate} options={templates.data.map((tpl) => ({ value: String(tpl.id), label: tpl.name }))} />
        ) : (
          <p>{t('noTemplates')}</p>
        )}
        <ErrorNotice error={templates.error} />
      </fieldset>

      <section aria-labelledby="compose-preview-heading" data-testid="compose-preview">
        <h3 id="compose-preview-heading">{tr('previewHeading', { name: shown?.customerName ?? recipients[0]?.displayName ?? '' })}</h3>
        {shown && (mode === 'template' || subject.trim() || text.trim()) ? (
          <div class="panel">
            <p>
              <strong>{tr('previewSubject')}:</strong> <span data-testid="preview-subject">{shown.subject}</span>
            </p>
            <pre class="cust-preview-text" data-testid="preview-text" style="white-space: pre-wrap">{shown.text}</pre>
          </div>
        ) : (
          <p class="hint">{tr('previewEmpty')}</p>
        )}
        <ErrorNotice error={previewError} />
      </section>

      <div class="field cust-check">
        <label>
          <input type="checkbox" checked={tracking} onChange={(event) => setTracking((event.currentTarget as HTMLInputElement).checked)} /> {t('tracking')}
        </label>
        <small class="hint">{t('trackingHint')}</small>
      </div>

      <ErrorNotice error={error} />
      <div class="cust-actions">
        <Button onClick={send} busy={busy} disabled={noOwnAccount || noAccounts}>
          {t('send')}
        </Button>
        <Button kind="secondary" onClick={onClose}>
          {tc('cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}
