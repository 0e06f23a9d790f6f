/** One element of a parsed XML document: name, attributes, child elements and own text. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body] ?? whole;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/gy;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * A small, strict-enough XML reader for autoconfig documents (the ISPDB format): elements,
 * attributes, text, CDATA, comments, the XML declaration and a DOCTYPE are understood; anything
 * else (an unclosed tag, a stray `<`) makes it return undefined rather than guess. Entity
 * definitions in a DOCTYPE are ignored on purpose, so "billion laughs" documents cannot expand.
 */
export function parseXml(source: string): XmlElement | undefined {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match || match.index !== start) return undefined;
    const [whole, cdata, closing, name, attributeText, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (!top) return undefined;
    if (text !== undefined) top.text += decodeEntities(text);
    else if (cdata !== undefined) top.text += cdata;
    else if (name !== undefined) {
      if (closing) {
        if (top.name !== name || stack.length === 1) return undefined;
        stack.pop();
      } else {
        const attributes: Record<string, string> = {};
        for (const a of (attributeText ?? '').matchAll(ATTRIBUTE)) {
          if (a[1]) attributes[a[1]] = decodeEntities(a[2] ?? a[3] ?? '');
        }
        const element: XmlElement = { name, attributes, children: [], text: '' };
        top.children.push(element);
        if (!selfClosing) stack.push(element);
      }
    } else if (!whole.startsWith('<')) return undefined;
  }
  if (stack.length !== 1) return undefined;
  return root.children.length === 1 ? root.children[0] : undefined;
}

/** Child elements named `name` (namespace prefixes are not used by the ISPDB format). */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((c) => c.name === name);

/** Trimmed text of the first child named `name`. */
export const childText = (element: XmlElement, name: string): string | undefined =>
  childrenNamed(element, name)[0]?.text.trim();
