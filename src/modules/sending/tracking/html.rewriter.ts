import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** Longer links are left alone rather than stored (nobody writes them; a data dump might). */
const MAX_URL_LENGTH = 4096;

/** One `<a href>` to track: where its attribute sits in the source and the absolute URL it points to. */
export interface TrackableLink {
  /** Offsets of the whole `href=…` attribute in the HTML. */
  readonly start: number;
  readonly end: number;
  /** The link target, entity-decoded and normalised by the WHATWG URL parser (always http or https). */
  readonly url: string;
}

/** What {@link findTrackable} found in a message's HTML. */
export interface TrackingPlan {
  readonly links: readonly TrackableLink[];
  /** Where the open pixel goes: right before `</body>`, else at the end. */
  readonly pixelAt: number;
}

/**
 * Finds the links to rewrite in a message's HTML with a real HTML parser (parse5, with source
 * locations), so quoting, upper-case attributes, entities (`&amp;` in query strings) and markup in
 * comments are read the way a mail client reads them. Only absolute http(s) links of `<a>`
 * elements count: mailto:, tel:, anchors, relative links and whatever `skip` says (our own
 * unsubscribe and tracking URLs) stay as they are.
 */
export function findTrackable(html: string, skip: (url: string) => boolean): TrackingPlan {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const links: TrackableLink[] = [];
  let body: Element | undefined;
  const visit = (node: Node): void => {
    if ('tagName' in node && node.namespaceURI === HTML_NS) {
      if (node.tagName === 'body') body = node;
      if (node.tagName === 'a') {
        const link = trackableLink(node, skip);
        if (link) links.push(link);
      }
    }
    // <template> content is never shown, so its children (kept apart by parse5) are not visited.
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(document);
  const bodyEnd = body?.sourceCodeLocation?.endTag?.startOffset;
  return { links, pixelAt: bodyEnd ?? html.length };
}

function trackableLink(element: Element, skip: (url: string) => boolean): TrackableLink | undefined {
  const href = element.attrs.find((a) => a.name === 'href' && !a.prefix);
  const where = element.sourceCodeLocation?.attrs?.['href'];
  if (!href || !where) return undefined;
  const raw = href.value.trim();
  if (!/^https?:\/\//i.test(raw) || raw.length > MAX_URL_LENGTH) return undefined;
  let url: string;
  try {
    url = new URL(raw).href;
  } catch {
    return undefined;
  }
  if (skip(url)) return undefined;
  return { start: where.startOffset, end: where.endOffset, url };
}

/**
 * Applies a plan: each link's `href` attribute becomes `href="<clickUrl(url)>"` and the pixel is
 * inserted; every other byte of the HTML stays as it was. URLs given here must need no escaping
 * in a double-quoted attribute (ours are `https://host/t/c/<base64url>`).
 */
export function applyTracking(html: string, plan: TrackingPlan, clickUrl: (url: string) => string, pixelUrl: string): string {
  const edits = [
    ...plan.links.map((l) => ({ start: l.start, end: l.end, text: `href="${attribute(clickUrl(l.url))}"` })),
    { start: plan.pixelAt, end: plan.pixelAt, text: pixelTag(pixelUrl) },
  ].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += html.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + html.slice(at);
}

/** The open pixel: a 1×1 image nobody sees, with an empty alt so screen readers skip it. */
export function pixelTag(url: string): string {
  return (
    `<img src="${attribute(url)}" alt="" width="1" height="1" border="0" ` +
    `style="display:block;width:1px;height:1px;border:0;margin:0;padding:0;overflow:hidden">`
  );
}

const attribute = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
