import { useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, SelectField, TextArea, TextField } from '../../ui/components.js';
import { CustomerPicker } from './customer-picker.js';
import type { CustomerSummary, InboxMessage } from './inbox.api.js';
import { addressesIn, forwardTo, forwardToAddresses, looksLikeAddresses, replyTo } from './mine.api.js';
import { mineMessages } from './mine.messages.js';

type Mode = 'none' | 'reply' | 'forward';
type Target = 'address' | 'customer';

/**
 * Reply and Forward under a received message: everything goes out from the writer's own mailbox
 * with a copy in its Sent folder. A reply is threaded under the customer's message and shows on
 * their timeline (the server sends it as a one-off); a forward goes to any email address (a
 * colleague, a manager), the original quoted below the note, or to one of the writer's customers.
 */
export function ReplyPanel({ message }: { message: InboxMessage }) {
  const t = useT(mineMessages);
  const [mode, setMode] = useState<Mode>('none');
  const [forwardTarget, setForwardTarget] = useState<Target>('address');
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const toAddress = mode === 'forward' && forwardTarget === 'address';
  const addresses = addressesIn(typed);
  const ready = toAddress ? looksLikeAddresses(addresses) : !!text.trim() && (mode !== 'forward' || !!customer);

  async function send() {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      if (toAddress) {
        const result = await forwardToAddresses(message.id, addresses, text);
        setDone(t('forwardAddressSent', { subject: result.subject, to: result.to.join(', ') }));
      } else if (mode === 'forward' && customer) {
        setDone(t('forwardSent', { subject: (await forwardTo(message.id, customer.id, text)).subject }));
      } else {
        setDone(t('replySent', { subject: (await replyTo(message.id, text)).subject }));
      }
      setMode('none');
      setText('');
      setTyped('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const heading = mode === 'reply' ? t('replyHeading') : toAddress ? t('forwardAddressHeading') : t('forwardHeading');
  const sendLabel = mode === 'reply' ? t('sendReply') : toAddress ? t('sendForwardAddresses') : t('sendForward', { name: customer?.displayName ?? '…' });
  return (
    <section class="panel inbox-reply" aria-label={t('replyHeading')}>
      {done ? (
        <Notice kind="success">
          <span data-testid="reply-sent">{done}</span>
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
          <h2>{heading}</h2>
          {mode === 'forward' ? (
            <SelectField
              label={t('forwardToWhom')}
              value={forwardTarget}
              onValue={(v) => setForwardTarget(v === 'customer' ? 'customer' : 'address')}
              options={[
                { value: 'address', label: t('forwardToAddress') },
                { value: 'customer', label: t('forwardToCustomer') },
              ]}
            />
          ) : null}
          {toAddress ? (
            <TextField label={t('forwardAddresses')} hint={t('forwardAddressesHint')} type="text" inputMode="email" autoComplete="email" value={typed} onValue={setTyped} />
          ) : mode === 'forward' ? (
            <CustomerPicker sender={null} chosen={customer} onChoose={setCustomer} />
          ) : null}
          <TextArea label={mode === 'reply' ? t('replyText') : toAddress ? t('forwardAddressText') : t('forwardText')} value={text} onValue={setText} rows={6} />
          <ErrorNotice error={error} />
          <div class="cust-actions">
            <Button busy={busy} disabled={!ready} onClick={() => void send()}>
              {sendLabel}
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
