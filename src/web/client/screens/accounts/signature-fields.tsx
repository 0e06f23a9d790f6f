import { useMemo } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { TextArea } from '../../ui/components.js';
import { accountsMessages } from './accounts.messages.js';

/** The HTML as a standalone document for the preview frame; outside stylesheets are not fetched. */
function signatureDocument(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const link of doc.querySelectorAll('link[rel~="stylesheet" i]')) link.remove();
  for (const style of doc.querySelectorAll('style')) style.textContent = (style.textContent ?? '').replace(/@import\s+(url\()?[^;]*;?/gi, '');
  return `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/**
 * A mailbox's signature: plain text (every email) and HTML (HTML emails), with the HTML shown as
 * it will look. The preview is an iframe with an empty `sandbox`: no scripts, no forms, its own
 * origin, so pasted HTML can never reach the app's session.
 */
export function SignatureFields(props: { text: string; html: string; onText: (text: string) => void; onHtml: (html: string) => void }) {
  const t = useT(accountsMessages);
  const srcdoc = useMemo(() => (props.html.trim() ? signatureDocument(props.html) : ''), [props.html]);
  return (
    <fieldset class="acct-signature">
      <legend>{t('signatureHeading')}</legend>
      <TextArea label={t('signature')} name="signature" rows={3} value={props.text} onValue={props.onText} hint={t('signatureHint')} />
      <TextArea label={t('signatureHtml')} name="signatureHtml" rows={4} mono value={props.html} onValue={props.onHtml} hint={t('signatureHtmlHint')} />
      {srcdoc ? (
        <iframe class="acct-signature-preview" title={t('signaturePreview')} sandbox="" srcdoc={srcdoc} style={{ width: '100%', height: '8rem', border: '1px solid #ccc' }} />
      ) : (
        <p class="hint" data-preview="none">
          {t('signaturePreviewEmpty')}
        </p>
      )}
    </fieldset>
  );
}
