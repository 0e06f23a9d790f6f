import { useState } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import { newSmsWebhookLink, type SmsAccount, type SmsWebhookLink } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { ConfirmDialog } from './confirm-dialog.js';

/**
 * "New webhook link": first says that the current link stops working, then shows the new links
 * once. The token is never stored in the browser and the list never shows it again.
 */
export function NewWebhookLink({ account, onDone }: { account: SmsAccount; onDone: (made: boolean) => void }) {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [link, setLink] = useState<SmsWebhookLink | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  if (!link) {
    return (
      <ConfirmDialog
        title={t('webhookConfirmTitle', { name: account.name })}
        confirmLabel={t('webhookNew')}
        busy={busy}
        onCancel={() => onDone(false)}
        onConfirm={() => {
          setBusy(true);
          setFailure(null);
          newSmsWebhookLink(account.id)
            .then(setLink, setFailure)
            .finally(() => setBusy(false));
        }}
      >
        <p>{account.webhook.tokenSet ? t('webhookConfirmReplace') : t('webhookConfirmFirst')}</p>
        <ErrorNotice error={failure} />
      </ConfirmDialog>
    );
  }

  const copy = (which: string, value: string) => {
    void navigator.clipboard?.writeText(value).then(() => setCopied(which), () => setCopied(null));
  };
  // Each console names the two pushes its own way.
  const tencent = account.provider === 'tencent';
  const fields = [
    { key: 'inbound', label: t(tencent ? 'webhookInboundTencent' : 'webhookInbound'), value: link.inboundUrl },
    { key: 'status', label: t(tencent ? 'webhookStatusTencent' : 'webhookStatus'), value: link.statusUrl },
  ];
  return (
    <ModalDialog title={t('webhookShownTitle', { name: account.name })} onClose={() => onDone(true)} wide>
      <Notice kind="warning">{t('webhookShownOnce')}</Notice>
      {fields.map((field) => (
        <div class="field" key={field.key}>
          <label for={`webhook-${field.key}`}>{field.label}</label>
          <div class="row acct-webhook-row">
            <input id={`webhook-${field.key}`} class="mono acct-webhook-url" readOnly value={field.value} onFocus={(event) => event.currentTarget.select()} />
            <Button kind="secondary" onClick={() => copy(field.key, field.value)}>
              {copied === field.key ? t('webhookCopied') : t('webhookCopy')}
            </Button>
          </div>
        </div>
      ))}
      <p class="hint">{t(tencent ? 'webhookPasteHintTencent' : 'webhookPasteHint')}</p>
      <div class="row acct-dialog-actions">
        <Button onClick={() => onDone(true)}>{tc('close')}</Button>
      </div>
    </ModalDialog>
  );
}
