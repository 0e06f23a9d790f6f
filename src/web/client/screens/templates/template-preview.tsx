import { useMemo } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { useT } from '../../i18n/index.js';
import { ErrorNotice } from '../../ui/components.js';
import { chainText, type RenderedPreview } from './template.types.js';
import { templatesMessages } from './templates.messages.js';

/** The line a compile error names ("line 4: …"), if any. */
export function errorLine(error: unknown): number | null {
  if (!(error instanceof ApiError) || !error.code.startsWith('TEMPLATE_')) return null;
  const match = /line (\d+)/i.exec(error.message);
  return match ? Number(match[1]) : null;
}

/** A compile or render error: the stable code, the line (when known) and the server's words. */
export function CompileError({ error }: { error: unknown }) {
  const t = useT(templatesMessages);
  if (!error) return null;
  const line = errorLine(error);
  return (
    <div data-testid="compile-error">
      {line !== null ? (
        <p class="compile-line">
          <span class="badge badge-bad">{t('compileError', { line })}</span>
        </p>
      ) : null}
      <ErrorNotice error={error} />
    </div>
  );
}

/**
 * The email HTML without external stylesheets (web fonts from `mj-font`): the preview frame
 * inherits the page's CSP, which would refuse them with a console error, and a preview should not
 * make the reader's browser call third parties anyway. Mail clients still get the full HTML.
 */
export function previewDocument(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const link of doc.querySelectorAll('link[rel~="stylesheet" i]')) link.remove();
  for (const style of doc.querySelectorAll('style')) style.textContent = (style.textContent ?? '').replace(/@import\s+(url\()?[^;]*;?/gi, '');
  return `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/** The SMS facts line: characters, parts, encoding. */
export function SmsFacts({ preview }: { preview: Extract<RenderedPreview, { channel: 'sms' }> }) {
  const t = useT(templatesMessages);
  const parts = preview.parts === null ? null : preview.parts === 1 ? t('onePart') : t('manyParts', { n: preview.parts });
  return (
    <p class="sms-facts" data-testid="sms-count" data-parts={preview.parts ?? ''} data-characters={preview.characters}>
      {parts === null
        ? t('smsCountNoParts', { characters: preview.characters })
        : t('smsCount', { characters: preview.characters, parts, encoding: preview.encoding ?? '' })}
    </p>
  );
}

/** Which language variant this customer gets and the fallback chain that chose it ("en-GB → en ✓"). */
export function ChosenVariant({ language, chain }: { language: string; chain: readonly { language: string; matched: boolean }[] }) {
  const t = useT(templatesMessages);
  return (
    <p class="preview-variant hint" data-testid="preview-variant" data-language={language}>
      <span class="badge">{t('variantChosen', { language })}</span>{' '}
      <span data-testid="preview-chain">{t('variantChain', { chain: chainText(chain) })}</span>
    </p>
  );
}

/**
 * A rendered template. Email HTML goes into an iframe through `srcdoc` with an empty `sandbox`:
 * no scripts, no forms, no top navigation, a unique origin — a template (or a merged customer
 * field) can never reach the app's session.
 */
export function PreviewView({ preview, frameHeight }: { preview: RenderedPreview; frameHeight?: string }) {
  const t = useT(templatesMessages);
  const html = preview.channel === 'email' ? preview.html : '';
  const srcdoc = useMemo(() => (html ? previewDocument(html) : ''), [html]);
  const chosen = <ChosenVariant language={preview.language} chain={preview.chain} />;
  if (preview.channel === 'sms') {
    return (
      <div class="sms-preview">
        {chosen}
        <h3 class="sr-label">{t('smsText')}</h3>
        <p class="sms-bubble" data-testid="sms-text">
          {preview.text}
        </p>
        <SmsFacts preview={preview} />
        <p class="hint">{t('smsPartsHint')}</p>
      </div>
    );
  }
  return (
    <div class="email-preview">
      {chosen}
      <p class="preview-subject">
        <strong>{t('previewSubject')}:</strong> <span data-testid="preview-subject">{preview.subject}</span>
      </p>
      {preview.html ? (
        <iframe class="preview" title={t('emailFrame')} sandbox="" srcdoc={srcdoc} style={frameHeight ? { minHeight: frameHeight } : undefined} />
      ) : (
        <pre class="preview-text" data-testid="preview-text">
          {preview.text}
        </pre>
      )}
      {preview.html ? (
        <details>
          <summary>{t('textPart')}</summary>
          <pre class="preview-text">{preview.text}</pre>
        </details>
      ) : null}
    </div>
  );
}
