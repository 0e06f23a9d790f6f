import { useT } from '../../i18n/index.js';
import { inboxMessages } from './inbox.messages.js';

/**
 * The page the sandboxed frame shows. The HTML is already sanitised by the server (no scripts,
 * handlers or remote loads); the empty sandbox also keeps it from running anything, navigating
 * or reaching this origin should something slip through.
 */
function frameDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1rem;color:#1c2430;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${html}</body></html>`;
}

/** A received message's content: sanitised HTML in a sandboxed frame, else its text. */
export function MessageBody({ html, text }: { html: string | null; text: string | null }) {
  const t = useT(inboxMessages);
  if (html) return <iframe class="preview inbox-frame" title={t('bodyFrame')} sandbox="" srcdoc={frameDocument(html)} />;
  if (text) return <pre class="inbox-text">{text}</pre>;
  return <p class="hint">{t('noBody')}</p>;
}
