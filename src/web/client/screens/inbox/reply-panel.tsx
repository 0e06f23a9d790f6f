import { useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, TextArea } from '../../ui/components.js';
import { CustomerPicker } from './customer-picker.js';
import type { CustomerSummary, InboxMessage } from './inbox.api.js';
import { forwardTo, replyTo, type ReplyResult } from './mine.api.js';
import { mineMessages } from './mine.messages.js';

/**
 * Reply and Forward under a received message: the answer goes out from the writer's own mailbox,
 * threaded under the customer's message, with a copy in the mailbox's Sent folder, and shows on
 * the customer's timeline (the server sends it as a one-off).
 */
export function ReplyPanel({ message }: { message: InboxMessage }) {
  const t = useT(mineMessages);
  const [mode, setMode] = useState<'none' | 'reply' | 'forward'>('none');
  const [text, setText] = useState('');
  const [target, setTarget] = useState<CustomerSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ result: ReplyResult; mode: 'reply' | 'forward' } | null>(null);

  async function send() {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const result = mode === 'forward' && target ? await forwardTo(message.id, target.id, text) : await replyTo(message.id, text);
      setDone({ result, mode: mode === 'forward' ? 'forward' : 'reply' });
      setMode('none');
      setText('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel inbox-reply" aria-label={t('replyHeading')}>
      {done ? (
        <Notice kind="success">
          <span data-testid="reply-sent">{done.mode === 'reply' ? t('replySent', { subject: done.result.subject }) : t('forwardSent', { subject: done.result.subject })}</span>
        </Notice>
      ) : null}
      {mode === 'none' ? (
        <div class="cust-actions">
          {message.customerId !== null ? <Button onClick={() => setMode('reply')}>{t('reply')}</Button> : <p class="hint">{t('replyNotFiled')}</p>}
          <Button kind="secondary" onClick={() => setMode('forward')}>
            {t('forward')}
          </Button>
        </div>
      ) : (
        <>
          <h2>{mode === 'reply' ? t('replyHeading') : t('forwardHeading')}</h2>
          {mode === 'forward' ? <CustomerPicker sender={null} chosen={target} onChoose={setTarget} /> : null}
          <TextArea label={mode === 'reply' ? t('replyText') : t('forwardText')} value={text} onValue={setText} rows={6} />
          <ErrorNotice error={error} />
          <div class="cust-actions">
            <Button busy={busy} disabled={!text.trim() || (mode === 'forward' && !target)} onClick={() => void send()}>
              {mode === 'reply' ? t('sendReply') : t('sendForward', { name: target?.displayName ?? '…' })}
            </Button>
            <Button kind="secondary" onClick={() => setMode('none')}>
              {t('cancel')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
