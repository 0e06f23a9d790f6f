/*
 * Inline `style` attributes of received HTML, filtered: a declaration that can fetch something
 * (`url(`, `image-set(`, `@import`...) or run something (`expression(`, `behavior`,
 * `-moz-binding`) would let a sender see when a rep opens the message, or worse. They are
 * dropped, whatever encoding spells them (CSS escapes like `\75 rl(`, comments, case, spacing);
 * harmless ones (color, font-weight, margins...) stay. HTML entities (`&#117;rl(`) are already
 * decoded by the HTML parser before this runs.
 */

/** Normalised text that may fetch or execute, after unescaping, comment removal and lowercasing. */
const DANGEROUS = /url\(|image-set\(|image\(|cross-fade\(|element\(|src\(|expression\(|@import|behaviou?r:|-moz-binding|javascript:|vbscript:|data:/;

/** Resolves CSS escapes (`\75 `, `\000075`, `\r`, `\` + newline) the way a browser's tokenizer does. */
export function unescapeCss(text: string): string {
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\n\r\f])|([\s\S]))/g, (_all, hex: string | undefined, _newline: string | undefined, other: string | undefined) => {
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
    }
    return other ?? '';
  });
}

/** How a browser could read `text`, flattened for matching: escapes resolved, comments and whitespace gone, lower case. */
function normalise(text: string): string {
  let out = unescapeCss(text);
  // Comments first as written, then again in case an escape spelled one.
  out = out.replace(/\/\*[\s\S]*?(\*\/|$)/g, '');
  return out.replace(/[\s\u0000-\u001f\u007f]+/g, '').toLowerCase();
}

/** True when a declaration (or any style text) could load or run something. */
export function isDangerousStyle(text: string): boolean {
  return DANGEROUS.test(normalise(text)) || DANGEROUS.test(normalise(unescapeCss(text)));
}

/**
 * The style attribute with its dangerous declarations removed; undefined when nothing is left
 * (the attribute is then dropped). If the kept declarations together still read as dangerous
 * (a split inside a quoted string, an escaped `;`), the whole attribute goes.
 */
export function filterStyle(style: string): string | undefined {
  const kept = style
    .split(';')
    .map((declaration) => declaration.trim())
    // A piece ending in an escaping backslash was split at an escaped `;`: its other half may be dangerous.
    .filter((declaration) => declaration.length > 0 && !/(^|[^\\])(\\\\)*\\$/.test(declaration) && !isDangerousStyle(declaration));
  const result = kept.join(';');
  if (result.length === 0 || isDangerousStyle(result)) return undefined;
  return result;
}
