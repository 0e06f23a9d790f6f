import { convert, type HtmlToTextOptions } from 'html-to-text';

/**
 * html-to-text settings for the text part: no upper-casing (it would turn `{{greeting}}` into
 * `{{GREETING}}` and shout Latin headings), images dropped, links as "text [url]".
 */
export const TEXT_OPTIONS: HtmlToTextOptions = {
  // No hard wrapping: mail clients wrap text themselves, and wrapping the *template* would break
  // lines at the wrong places once merge values (of unknown length) are filled in.
  wordwrap: false,
  selectors: [
    // MJML's hidden inbox preview line (<mj-preview>) is not part of the message.
    { selector: 'div[style*="display:none"]', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
  ],
};

/** Converts merged HTML to text (the per-recipient fallback). */
export const htmlToText = (html: string): string => tidyText(convert(html, TEXT_OPTIONS));

/** Trims trailing spaces and collapses runs of blank lines that layouts leave behind. */
export const tidyText = (text: string): string =>
  text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

// Private-use characters: they never occur in real text, carry no spaces (so word wrapping
// cannot split a tag) and html-to-text passes them through untouched.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const TAG = /\{\{\{?[\s\S]*?\}?\}\}/g;

/**
 * Derives a Handlebars *text* template from the unmerged HTML template, once per version: each
 * merge tag is swapped for an opaque token, the HTML converted to text, and the tags put back. Per
 * recipient only the cheap merge runs instead of an HTML parse (see the measurement in the
 * module's report: ~0.5 ms per html-to-text conversion of an MJML page vs. microseconds).
 *
 * Tags inside attributes html-to-text drops (or in <head>) vanish; that is harmless for output
 * tags but not for block tags, so the caller must parse the result and fall back to per-recipient
 * conversion when it does not parse. Returns undefined when a block tag was lost.
 */
export function deriveTextTemplate(htmlTemplate: string): string | undefined {
  const tags: string[] = [];
  const tokenised = htmlTemplate.replace(TAG, (tag) => `${OPEN}${tags.push(tag) - 1}${CLOSE}`);
  // A "{{" that appears in the text only after entity decoding (&#123;&#123;) must stay literal.
  const text = tidyText(convert(tokenised, TEXT_OPTIONS)).replace(/\{\{/g, '\\{{');
  const seen = new Set<number>();
  const restored = text.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_, index: string) => {
    seen.add(Number(index));
    return tags[Number(index)] ?? '';
  });
  const lostBlock = tags.some((tag, i) => !seen.has(i) && /^\{\{\s*[#/^]|^\{\{\s*else\b/.test(tag));
  return lostBlock ? undefined : restored;
}
