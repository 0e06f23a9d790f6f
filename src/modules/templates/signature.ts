import { convert } from 'html-to-text';
import type { MergeAccount } from './merge-context.js';
import { sanitizeSignatureHtml } from './signature.sanitizer.js';

// Sanitising costs far more than a merge, and a campaign has one sending account: remember the
// last few results by input.
const cache = new Map<string, string>();
const remember = (key: string, make: () => string): string => {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= 256) cache.clear();
    cache.set(key, value);
  }
  return value;
};

/**
 * The last results per account object (the composer reuses one per sending account): spares
 * building and hashing the long cache key above for every message. Checked against the fields
 * the result comes from, so a changed object is never answered from here.
 */
interface AccountMemo {
  readonly signatureHtml: string | null | undefined;
  readonly signatureText: string | null | undefined;
  readonly displayName: string | null | undefined;
  html?: string;
  text?: string;
}
const byAccount = new WeakMap<MergeAccount, AccountMemo>();
const memoOf = (account: MergeAccount): AccountMemo => {
  const memo = byAccount.get(account);
  if (memo && memo.signatureHtml === account.signatureHtml && memo.signatureText === account.signatureText && memo.displayName === account.displayName) return memo;
  const fresh: AccountMemo = { signatureHtml: account.signatureHtml, signatureText: account.signatureText, displayName: account.displayName };
  byAccount.set(account, fresh);
  return fresh;
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Folds case, width and every kind of space (no-break, ideographic), so "John&nbsp;Smith" and "张 伟" count as the name. */
const fold = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/[\s\u00a0\u3000]+/gu, '');

/**
 * True when the signature already names the sender: every word of the display name appears in it
 * (in any order, so "Smith, John" matches "John Smith"), ignoring case and spacing. The renderer
 * then does not write the name a second time under the signature.
 */
const mentions = (signature: string, name: string): boolean => {
  const words = name.split(/[\s\u00a0\u3000,，]+/u).map(fold).filter((w) => w !== '');
  if (words.length === 0) return false;
  const folded = fold(signature);
  return words.every((word) => folded.includes(word));
};

/**
 * The account's signature as HTML: the sanitised HTML signature (or the text one, escaped, line
 * breaks kept), followed by the sender's display name unless the signature already names them.
 */
export function signatureHtml(account: MergeAccount): string {
  const memo = memoOf(account);
  return (memo.html ??= signatureHtmlOf(account));
}

function signatureHtmlOf(account: MergeAccount): string {
  const name = account.displayName?.trim() ?? '';
  return remember(`h\u0000${account.signatureHtml ?? ''}\u0000${account.signatureText ?? ''}\u0000${name}`, () => {
    const body = account.signatureHtml?.trim()
      ? sanitizeSignatureHtml(account.signatureHtml)
      : escapeHtml(account.signatureText?.trim() ?? '').replace(/\r?\n/g, '<br>');
    const plain = account.signatureHtml?.trim() ? convert(body, { wordwrap: false }) : (account.signatureText ?? '');
    const byline = name && !mentions(plain, name) ? `<div class="tidings-sender">${escapeHtml(name)}</div>` : '';
    if (!body && !byline) return '';
    return `<div class="tidings-signature">${body ? `<div>${body}</div>` : ''}${byline}</div>`;
  });
}

/** The account's signature as plain text (from the HTML one when no text one is set) plus the sender's name. */
export function signatureText(account: MergeAccount): string {
  const memo = memoOf(account);
  return (memo.text ??= signatureTextOf(account));
}

function signatureTextOf(account: MergeAccount): string {
  const name = account.displayName?.trim() ?? '';
  return remember(`t\u0000${account.signatureHtml ?? ''}\u0000${account.signatureText ?? ''}\u0000${name}`, () => {
    const body = account.signatureText?.trim()
      ? account.signatureText.trim()
      : account.signatureHtml?.trim()
        ? convert(sanitizeSignatureHtml(account.signatureHtml), { wordwrap: false }).trim()
        : '';
    const byline = name && !mentions(body, name) ? name : '';
    return [body, byline].filter(Boolean).join('\n');
  });
}
