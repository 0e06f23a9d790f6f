import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, TextField } from '../../ui/components.js';
import { templatesMessages } from './templates.messages.js';

type TestSendResult = ApiResponse<'/api/templates/{id}/test-send', 'post'>;

/** Sends a saved email version to one address (POST /api/templates/{id}/test-send). */
export function TestSendPanel({ templateId, version, customerId, unsaved }: { templateId: number; version: number; customerId: number | null; unsaved: boolean }) {
  const t = useT(templatesMessages);
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestSendResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api<TestSendResult>(`/api/templates/${templateId}/test-send`, { body: { to: to.trim(), version, ...(customerId === null ? {} : { customerId }) } }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={(event) => void send(event)} aria-labelledby="test-send-title">
      <h2 id="test-send-title">{t('testSend')}</h2>
      <p class="hint">{t('testHint', { n: version })}</p>
      {unsaved ? <Notice kind="warning">{t('testUnsaved')}</Notice> : null}
      <div class="row">
        <TextField label={t('testTo')} type="email" required autoComplete="email" value={to} onValue={setTo} />
        <div class="field">
          <Button type="submit" busy={busy} disabled={!to.trim()}>
            {t('testSendButton')}
          </Button>
        </div>
      </div>
      {result ? <Notice kind="success">{t('testSent', { to: result.to, subject: result.subject })}</Notice> : null}
      <ErrorNotice error={error} />
    </form>
  );
}
