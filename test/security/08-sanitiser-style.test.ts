// Issue #16, item 8 (style): the inbox HTML sanitiser kept `style` attributes whole, so
// `background:url(https://tracker…)` in a received message pinged its sender when a rep opened it.
// Now every declaration that could fetch or run something is dropped however it is spelled (CSS
// escapes, entities, comments, case), and harmless ones stay: in the sanitiser itself, in what is
// stored when a message is filed, and in what GET /api/inbox/messages/:id returns (also for a row
// stored by an older version, unsanitised), on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { ingestMessage, sanitizeHtml } from '../../src/modules/inbox/index.js';
import { filterStyle, unescapeCss } from '../../src/modules/inbox/parse/style.filter.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi } from './harness.js';

const TRACKER = 'tracker.example';

/** Style attributes a sender could use to load something on open, each spelled differently. */
const HOSTILE: Record<string, string> = {
  plain: `background:url(https://${TRACKER}/p.gif)`,
  'escaped letter': `background:u\\72l(https://${TRACKER}/p.gif)`,
  'escaped with space': `background:\\75 rl(https://${TRACKER}/p.gif)`,
  'six-digit escape': `background:\\000075rl(https://${TRACKER}/p.gif)`,
  'upper case': `BACKGROUND:URL(https://${TRACKER}/p.gif)`,
  comment: `background:u/**/rl(https://${TRACKER}/p.gif)`,
  'html entity': `background:&#117;rl(https://${TRACKER}/p.gif)`,
  'hex entity and quotes': `background-image:&#x75;rl(&quot;https://${TRACKER}/p.gif&quot;)`,
  'image-set': `background-image:image-set('https://${TRACKER}/p.gif' 1x)`,
  import: `@import 'https://${TRACKER}/s.css'`,
  expression: `width:expression(fetch(&quot;https://${TRACKER}/&quot;))`,
  'escaped expression': `width:\\65 xpression(1)`,
  'escaped semicolon': `color:red\\;background:url(https://${TRACKER}/p.gif)`,
};

describe('style filter (unit)', () => {
  it('resolves CSS escapes the way a browser tokenizer does', () => {
    expect(unescapeCss('u\\72l(')).toBe('url(');
    expect(unescapeCss('\\75 rl(')).toBe('url(');
    expect(unescapeCss('\\000075rl(')).toBe('url(');
    expect(unescapeCss('\\u\\r\\l(')).toBe('url(');
  });

  it.each(Object.entries(HOSTILE))('drops a %s url/expression/import and keeps the harmless declarations', (_name, hostile) => {
    const html = sanitizeHtml(`<p style="color:red; ${hostile}; font-weight:bold">hi</p>`);
    expect(html).not.toContain(TRACKER);
    expect(html.toLowerCase()).not.toMatch(/url\(|expression|image-set|@import|\\7/);
    expect(html).toContain('style="color:red;font-weight:bold"');
    expect(html).toContain('hi');
  });

  it('keeps harmless styles untouched', () => {
    expect(sanitizeHtml('<p style="color:red">x</p>')).toBe('<p style="color:red">x</p>');
    expect(filterStyle('color: #333; font-weight: bold; margin: 0 4px')).toBe('color: #333;font-weight: bold;margin: 0 4px');
    expect(filterStyle(`background:url(https://${TRACKER}/p.gif)`)).toBeUndefined();
  });

  it('drops the attribute entirely when nothing harmless is left, on every tag', () => {
    expect(sanitizeHtml(`<td style="background:url(https://${TRACKER}/p.gif)">x</td>`)).not.toContain('style');
    const link = sanitizeHtml(`<a href="https://shop.example" style="color:blue;background:u\\72l(https://${TRACKER}/a)">go</a>`);
    expect(link).toContain('style="color:blue"');
    expect(link).not.toContain(TRACKER);
  });
});

/** A received HTML mail whose paragraphs carry the three styles of the issue. */
function rawMail(id: string): Buffer {
  const html = [
    `<p style="background:url(https://${TRACKER}/p.gif)">one</p>`,
    `<p style="background:u\\72l(https://${TRACKER}/p.gif)">two</p>`,
    `<p style="color:red">three</p>`,
  ].join('');
  return Buffer.from(
    [
      'From: Someone <someone@outside.example>',
      'To: sales@example.test',
      `Subject: styled ${id}`,
      `Message-ID: <${id}@outside.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n'),
  );
}

describeStoreContract('item 8: style attributes in received HTML are filtered over HTTP', (store) => {
  const live = useLiveApi(store);

  async function readHtml(id: number): Promise<string> {
    const admin = await live().actor('admin');
    const reply = await live().request('GET', `/api/inbox/messages/${id}`, { actor: admin });
    expect(reply.status).toBe(200);
    return (reply.body as { html: string | null }).html ?? '';
  }

  it('a filed message: url() styles removed (plain and escaped), color kept', async () => {
    const { db } = store();
    const result = await ingestMessage(db, { accountId: null, folder: 'INBOX', uidKey: `style-${Date.now()}`, raw: rawMail(`filed-${Date.now()}`) }, { softBounceLimit: 3 });
    expect(result.stored).toBe(true);
    const id = Number((await db.selectFrom('inbox_messages').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id);
    const stored = (await db.selectFrom('inbox_messages').select('html').where('id', '=', id).executeTakeFirstOrThrow()).html ?? '';
    expect(stored).not.toContain(TRACKER);
    const html = await readHtml(id);
    expect(html).not.toContain(TRACKER);
    expect(html).toContain('<p>one</p>');
    expect(html).toContain('<p>two</p>');
    expect(html).toContain('<p style="color:red">three</p>');
  });

  it('a row stored unsanitised by an older version is filtered when read', async () => {
    const { db } = store();
    const result = await ingestMessage(db, { accountId: null, folder: 'INBOX', uidKey: `old-${Date.now()}`, raw: rawMail(`old-${Date.now()}`) }, { softBounceLimit: 3 });
    expect(result.stored).toBe(true);
    const id = Number((await db.selectFrom('inbox_messages').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id);
    await db
      .updateTable('inbox_messages')
      .set({ html: `<p style="background:\\75 rl(https://${TRACKER}/old.gif);color:green">old</p>` })
      .where('id', '=', id)
      .execute();
    const html = await readHtml(id);
    expect(html).not.toContain(TRACKER);
    expect(html).toContain('style="color:green"');
  });
});
