import sanitize from 'sanitize-html';
import { filterStyle } from './style.filter.js';

/*
 * Allow-list sanitising of received HTML before it is stored and shown to a sales rep: no
 * scripts, no event handlers, no forms or frames, and no remote images loading on open (they are
 * tracking pixels more often than not; `src` is kept in `data-src` so a viewer can offer "load
 * images"). Inline `cid:` and `data:` images stay. Style attributes keep only declarations that
 * cannot fetch or run anything (see style.filter.ts): `background:url(…)` would ping the sender too.
 */
const OPTIONS: sanitize.IOptions = {
  allowedTags: [...sanitize.defaults.allowedTags, 'img', 'font', 'center', 'span', 'div', 'style'].filter((t) => t !== 'style'),
  allowedAttributes: {
    '*': ['style', 'align', 'dir', 'lang', 'title', 'width', 'height', 'bgcolor', 'color', 'valign'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'data-src', 'width', 'height'],
    font: ['face', 'size', 'color'],
    td: ['colspan', 'rowspan', 'style', 'width', 'align', 'valign', 'bgcolor'],
    th: ['colspan', 'rowspan', 'style', 'width', 'align', 'valign', 'bgcolor'],
    table: ['border', 'cellpadding', 'cellspacing', 'width', 'style', 'align', 'bgcolor'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    // Runs for every tag, after the tag's own transform below.
    '*': (tagName, attribs) => {
      if (attribs.style === undefined) return { tagName, attribs };
      const { style, ...rest } = attribs;
      const safe = filterStyle(style);
      return { tagName, attribs: safe === undefined ? rest : { ...rest, style: safe } };
    },
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
    img: (tagName, attribs) => {
      const src = attribs.src ?? '';
      if (/^(cid|data):/i.test(src)) return { tagName, attribs };
      const { src: _remote, ...rest } = attribs;
      return { tagName, attribs: { ...rest, 'data-src': src } };
    },
  },
};

/** Safe HTML for display; never throws. */
export function sanitizeHtml(html: string): string {
  try {
    return sanitize(html.slice(0, 4 * 1024 * 1024), OPTIONS);
  } catch {
    return '';
  }
}
