import { describe, expect, it } from 'vitest';
import { applyTracking, findTrackable } from '../../../src/modules/sending/tracking/index.js';

const never = () => false;
/** Rewrites with readable fake URLs: link n → https://t.test/c/<n>. */
function rewrite(html: string, skip: (url: string) => boolean = never) {
  const plan = findTrackable(html, skip);
  const index = new Map(plan.links.map((l, i) => [l.url, i]));
  return { plan, html: applyTracking(html, plan, (url) => `https://t.test/c/${index.get(url)}`, 'https://t.test/o/px') };
}

describe('HTML link rewriting for tracking', () => {
  it('rewrites absolute http(s) links and adds the pixel before </body>, leaving every other byte alone', () => {
    const html =
      '<!doctype html><html><head><title>x</title></head><body>\n' +
      '<p>Hi <a href="https://shop.example/sale" style="color:red">sale</a> and <a class="b" href="http://old.example/">old</a>.</p>\n' +
      '</body></html>';
    const { plan, html: out } = rewrite(html);
    expect(plan.links.map((l) => l.url)).toEqual(['https://shop.example/sale', 'http://old.example/']);
    expect(out).toBe(
      '<!doctype html><html><head><title>x</title></head><body>\n' +
        '<p>Hi <a href="https://t.test/c/0" style="color:red">sale</a> and <a class="b" href="https://t.test/c/1">old</a>.</p>\n' +
        '<img src="https://t.test/o/px" alt="" width="1" height="1" border="0" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0;overflow:hidden"></body></html>',
    );
  });

  it('leaves mailto:, tel:, anchors, relative and protocol-relative links, javascript: and links without href', () => {
    const html =
      '<body><a href="mailto:sales@example.test">m</a><a href="tel:+4930123">t</a><a href="#top">a</a>' +
      '<a href="/relative/page">r</a><a href="page.html">p</a><a href="//cdn.example/x">pr</a><a href="javascript:alert(1)">j</a>' +
      '<a name="top">n</a><a href="ftp://files.example/x">f</a></body>';
    const { plan, html: out } = rewrite(html);
    expect(plan.links).toEqual([]);
    expect(out).toBe(html.replace('</body>', `${out.match(/<img[^>]+>/)![0]}</body>`));
  });

  it('leaves what skip names (the unsubscribe link) untouched', () => {
    const html = '<body><a href="https://shop.example/">s</a><a href="https://tidings.example/u/abcdef">退订 Unsubscribe</a></body>';
    const { html: out } = rewrite(html, (url) => url.startsWith('https://tidings.example/u/'));
    expect(out).toContain('<a href="https://t.test/c/0">s</a>');
    expect(out).toContain('<a href="https://tidings.example/u/abcdef">退订 Unsubscribe</a>');
  });

  it('decodes entities and reads any quoting and case the way a mail client does', () => {
    const html =
      "<body><A HREF='https://shop.example/?a=1&amp;b=2'>q</A><a href=https://x.example/y?z=1>u</a>" +
      '<a href="  https://EXAMPLE.test/Path?q=%C3%A4&amp;r=&quot;x&quot;  ">sp</a><a href="https://zh.example/商品">zh</a></body>';
    const { plan, html: out } = rewrite(html);
    expect(plan.links.map((l) => l.url)).toEqual([
      'https://shop.example/?a=1&b=2',
      'https://x.example/y?z=1',
      'https://example.test/Path?q=%C3%A4&r=%22x%22',
      'https://zh.example/%E5%95%86%E5%93%81',
    ]);
    expect(out).toContain('<A href="https://t.test/c/0">q</A><a href="https://t.test/c/1">u</a>');
    expect(out).toContain('<a href="https://t.test/c/2">sp</a><a href="https://t.test/c/3">zh</a>');
  });

  it('ignores links in comments (Outlook conditionals), <template> and attribute look-alikes in text', () => {
    const html =
      '<body><!--[if mso]><a href="https://mso.example/">x</a><![endif]--><template><a href="https://tpl.example/">t</a></template>' +
      '<p>write href="https://text.example/" in text</p><a data-href="https://data.example/" href="https://real.example/">r</a></body>';
    const { plan, html: out } = rewrite(html);
    expect(plan.links.map((l) => l.url)).toEqual(['https://real.example/']);
    expect(out).toContain('<!--[if mso]><a href="https://mso.example/">x</a><![endif]-->');
    expect(out).toContain('<a data-href="https://data.example/" href="https://t.test/c/0">r</a>');
  });

  it('puts the pixel at the end when there is no </body>, and before the last real </body> only', () => {
    expect(rewrite('<p>Hello <a href="https://a.example/">a</a></p>').html).toMatch(/<\/p><img src="https:\/\/t\.test\/o\/px"[^>]*>$/);
    const nested = '<html><body><p>a</p><!-- </body> --></body></html>';
    expect(rewrite(nested).html).toMatch(/<!-- <\/body> --><img [^>]+><\/body><\/html>$/);
  });

  it('escapes what it writes into attributes', () => {
    const plan = findTrackable('<body><a href="https://a.example/">a</a></body>', never);
    const out = applyTracking('<body><a href="https://a.example/">a</a></body>', plan, () => 'https://t.test/c/"x"&y', 'https://t.test/o/<p>');
    expect(out).toContain('href="https://t.test/c/&quot;x&quot;&amp;y"');
    expect(out).toContain('src="https://t.test/o/<p>"');
  });
});
