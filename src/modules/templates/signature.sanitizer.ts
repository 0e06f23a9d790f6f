import sanitizeHtml from 'sanitize-html';

/**
 * Signature HTML comes from account settings, i.e. from people, and is inserted unescaped (it is
 * the one `{{{…}}}` we allow). Keep formatting, links and inline images; drop scripts, styles
 * blocks, event handlers, forms, iframes and any non-http(s)/mailto/tel/cid URL (javascript:,
 * data:text/html). `style` attributes survive only with harmless properties.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a', 'b', 'br', 'div', 'em', 'font', 'hr', 'i', 'img', 'li', 'ol', 'p', 'small', 'span', 'strong',
    'sub', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'u', 'ul', 'blockquote',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    font: ['color', 'face', 'size'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    table: ['cellpadding', 'cellspacing', 'border', 'width', 'role'],
    '*': ['style', 'align'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid'] },
  allowProtocolRelative: false,
  allowedStyles: {
    '*': {
      color: [/^#[0-9a-f]{3,8}$/i, /^rgb\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)$/i, /^[a-z]+$/i],
      'background-color': [/^#[0-9a-f]{3,8}$/i, /^[a-z]+$/i],
      'font-size': [/^\d+(?:\.\d+)?(?:px|pt|em|rem|%)$/],
      'font-weight': [/^(?:bold|normal|\d{3})$/],
      'font-style': [/^(?:italic|normal)$/],
      'font-family': [/^[\w\s,'"\-\u3400-\u9fff]+$/],
      'text-align': [/^(?:left|right|center|justify)$/],
      'text-decoration': [/^(?:none|underline)$/],
      'line-height': [/^\d+(?:\.\d+)?(?:px|em|%)?$/],
      margin: [/^[\d\s.pxem%-]+$/],
      padding: [/^[\d\s.pxem%]+$/],
      width: [/^\d+(?:px|%)$/],
      height: [/^\d+(?:px|%)$/],
    },
  },
  disallowedTagsMode: 'discard',
};

/** Returns the signature HTML with only allow-listed tags, attributes, URL schemes and styles. */
export function sanitizeSignatureHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
