import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice } from '../../ui/components.js';
import { confirmEffect, type InboxMessage } from './inbox.api.js';
import { inboxMessages } from './inbox.messages.js';

type Reason = NonNullable<NonNullable<InboxMessage['effect']>['reason']>;
const REASON_KEYS = {
  'no-trace': 'reasonNoTrace',
  'row-gone': 'reasonRowGone',
  'no-recipient': 'reasonNoRecipient',
  'other-address': 'reasonOtherAddress',
  'no-token': 'reasonNoToken',
  'token-unchecked': 'reasonTokenUnchecked',
  'token-unknown': 'reasonTokenUnknown',
} as const satisfies Record<Reason, keyof (typeof inboxMessages)['en']>;

/**
 * A bounce or unsubscribe request that did not prove it answers our mail suppresses nobody until
 * a person confirms it here (the server applies the suppression). Verified ones say nothing:
 * their effect was applied when they arrived.
 */
export function EffectBanner({ message, onConfirmed }: { message: InboxMessage; onConfirmed: () => void }) {
  const t = useT(inboxMessages);
  const { can } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<readonly string[] | null>(null);
  const effect = message.effect;
  if (!effect) return null;
  if (done) return <Notice kind="success">{done.length ? t('effectConfirmed', { addresses: done.join(', ') }) : t('effectConfirmedNone')}</Notice>;
  if (effect.state === 'confirmed') return <Notice>{t('effectWasConfirmed')}</Notice>;
  if (effect.state !== 'unverified') return null;

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const result = await confirmEffect(message.id);
      setDone(result.suppressed);
      onConfirmed();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="notice notice-warning" role="region" aria-labelledby="effect-heading">
      <strong id="effect-heading">{message.kind === 'bounce' ? t('unverifiedBounce') : message.kind === 'complaint' ? t('unverifiedComplaint') : t('unverifiedUnsubscribe')}</strong>
      <p>{t('unverifiedHint')}</p>
      {effect.reason ? <p class="hint">{t(REASON_KEYS[effect.reason])}</p> : null}
      <p>{effect.addresses.length ? t('unverifiedAddresses', { addresses: effect.addresses.join(', ') }) : t('unverifiedNoAddress')}</p>
      <ErrorNotice error={error} />
      {can('inbox:write') ? (
        <Button busy={busy} onClick={() => void confirm()}>
          {t('confirmEffect')}
        </Button>
      ) : (
        <p class="hint">{t('cannotConfirm')}</p>
      )}
    </section>
  );
}
