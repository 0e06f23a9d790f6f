import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { buildApi } from '../../../src/http/index.js';
import { customerFileRoutesWith } from '../../../src/http/routes/customer-files.routes.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { bearer } from '../api.fixture.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

const unique = () => randomBytes(4).toString('hex');
const csv = (type = 'text/csv; charset=utf-8') => ({ 'content-type': type });
type ImportBody = { imported: number; updated: number; skipped: number; failed: number; errors: { row: number; column: string; reason: string }[]; dryRun: boolean; encoding: string; ignoredColumns: string[] };

describeStoreContract('customer import upload and export download', (store) => {
  let h: RoutesHarness;
  let marketer: Caller;
  let sales: Caller;
  let finance: Caller;
  beforeAll(async () => {
    h = await routesHarness(store());
    [marketer, sales, finance] = await Promise.all([h.caller('marketer'), h.caller('sales'), h.caller('finance')]);
  });
  afterAll(() => h?.app.close());

  it('imports a CSV upload with a few bad rows: exact counts and the errors by line; dry run writes nothing', async () => {
    const tag = unique();
    const file = [
      '姓名,邮箱,手机,生日,城市',
      `张三,zs.${tag}@example.test,,1985-06-01,遵义`,
      `李四,ls.${tag}@example.test,,,贵阳`,
      `王五,not-an-email,,,`,
      `,nobody.${tag}@example.test,,,`,
      `赵六,zl.${tag}@example.test,,1990-02-30,`,
      `Alex ${tag},alex.${tag}@example.test,,--03-15,`,
    ].join('\r\n');
    const url = `/api/customers/import?map=${encodeURIComponent('城市=custom.city')}&group=${encodeURIComponent(`导入/${tag}`)}`;
    const dry = await h.call(marketer, 'POST', `${url}&dryRun=true`, file, csv());
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ imported: 3, failed: 3, dryRun: true });
    expect(((await h.call(marketer, 'GET', `/api/customers?query=${tag}`)).json() as { items: unknown[] }).items).toEqual([]);

    const real = await h.call(marketer, 'POST', url, file, csv());
    const result = real.json() as ImportBody;
    expect(result).toMatchObject({ imported: 3, updated: 0, skipped: 0, failed: 3, dryRun: false, encoding: 'utf8', ignoredColumns: [] });
    expect(result.errors.map((e) => e.row).sort()).toEqual([4, 5, 6]);
    expect(result.errors.find((e) => e.row === 4)?.reason).toMatch(/not-an-email/);
    const listed = (await h.call(marketer, 'GET', `/api/customers?query=${tag}`)).json() as { items: { displayName: string; custom: Record<string, string>; groupIds: number[] }[] };
    expect(listed.items.map((c) => c.displayName).sort()).toEqual([`Alex ${tag}`, '张三', '李四'].sort());
    expect(listed.items.find((c) => c.displayName === '张三')?.custom).toEqual({ city: '遵义' });
    expect(new Set(listed.items.map((c) => c.groupIds.length))).toEqual(new Set([1]));

    // Same file again, update on duplicates.
    const again = (await h.call(marketer, 'POST', `/api/customers/import?onDuplicate=update`, file, csv('application/octet-stream'))).json() as ImportBody;
    expect(again).toMatchObject({ imported: 0, updated: 3, failed: 3 });
  });

  it('reports each header with its target, so a mapping step can show and change it', async () => {
    const tag = unique();
    const file = ['客户姓名,E-mail,城市,备用', `周${tag},zhou.${tag}@example.test,遵义,x`].join('\r\n');
    const proposed = (await h.call(marketer, 'POST', '/api/customers/import?dryRun=true', file, csv())).json() as ImportBody & { columns: unknown };
    expect(proposed.columns).toEqual([
      { header: '客户姓名', target: 'name' },
      { header: 'E-mail', target: 'email' },
      { header: '城市', target: 'ignore' },
      { header: '备用', target: 'ignore' },
    ]);
    expect(proposed.ignoredColumns).toEqual(['城市', '备用']);
    // The edited pairs go back as `map`; the answer shows them applied.
    const map = ['城市=custom.city:text', 'E-mail=emails'].map((m) => `map=${encodeURIComponent(m)}`).join('&');
    const edited = (await h.call(marketer, 'POST', `/api/customers/import?dryRun=true&${map}`, file, csv())).json() as ImportBody & { columns: unknown };
    expect(edited.columns).toEqual([
      { header: '客户姓名', target: 'name' },
      { header: 'E-mail', target: 'emails' },
      { header: '城市', target: 'custom.city:text' },
      { header: '备用', target: 'ignore' },
    ]);
    expect(edited).toMatchObject({ imported: 1, failed: 0, ignoredColumns: ['备用'] });
  });

  it('reads a GBK file (detected or named)', async () => {
    const tag = unique();
    const body = iconv.encode(`姓名,邮箱\r\n陈静,cj.${tag}@example.test\r\n`, 'gbk');
    const detected = (await h.call(marketer, 'POST', '/api/customers/import', body, csv('text/csv'))).json() as ImportBody;
    expect(detected).toMatchObject({ imported: 1, encoding: 'gb18030' });
    const list = (await h.call(marketer, 'GET', `/api/customers?query=cj.${tag}`)).json() as { items: { displayName: string }[] };
    expect(list.items.map((c) => c.displayName)).toEqual(['陈静']);
  });

  it('refuses JSON bodies (415), bad options (400), files over the limit (413) and other roles (403)', async () => {
    const json = await h.call(marketer, 'POST', '/api/customers/import', { name: 'x' });
    expect([json.statusCode, codeOf(json)]).toEqual([415, 'API_UNSUPPORTED_MEDIA_TYPE']);
    const badMap = await h.call(marketer, 'POST', '/api/customers/import?map=city=nowhere', 'name\r\nA\r\n', csv());
    expect([badMap.statusCode, codeOf(badMap)]).toEqual([400, 'VALIDATION_FAILED']);
    // Every target the importer knows is a target of the API's map too (the lunar birthday was missing from a copy of the list here).
    const lunar = await h.call(marketer, 'POST', `/api/customers/import?dryRun=1&map=${encodeURIComponent('农历=lunarBirthday')}`, 'name,农历\r\nA,八月十五\r\n', csv());
    expect(lunar.statusCode, lunar.body).toBe(200);
    expect(lunar.json()).toMatchObject({ imported: 1, failed: 0 });
    const badEncoding = await h.call(marketer, 'POST', '/api/customers/import?encoding=latin9', 'name\r\nA\r\n', csv());
    expect([badEncoding.statusCode, codeOf(badEncoding)]).toEqual([400, 'VALIDATION_FAILED']);
    const denied = await h.call(sales, 'POST', '/api/customers/import', 'name\r\nA\r\n', csv());
    expect([denied.statusCode, codeOf(denied)]).toEqual([403, 'AUTH_FORBIDDEN']);
    const form = await h.call(marketer, 'POST', '/api/customers/import', 'a=b', csv('application/x-www-form-urlencoded'));
    expect([form.statusCode, codeOf(form)]).toEqual([415, 'API_UNSUPPORTED_MEDIA_TYPE']);
  });

  it('stops reading an upload past the size limit (declared or streamed)', async () => {
    // A second copy of the routes with a tiny limit, under a prefix so the paths do not clash.
    const app = await buildApi(h.context);
    await app.register(customerFileRoutesWith({ maxImportBytes: 64 }), { context: h.context, prefix: '/small' });
    await app.ready();
    try {
      const big = `name,email\r\n${Array.from({ length: 20 }, (_, i) => `N${i},n${i}@example.test`).join('\r\n')}`;
      const response = await app.inject({ method: 'POST', url: '/small/api/customers/import', headers: { ...bearer(marketer.token), ...csv() }, payload: big });
      expect([response.statusCode, codeOf(response)]).toEqual([413, 'API_BODY_TOO_LARGE']);
      const chunked = await app.inject({
        method: 'POST',
        url: '/small/api/customers/import',
        headers: { ...bearer(marketer.token), ...csv(), 'transfer-encoding': 'chunked' },
        // A stream without Content-Length: the limit is enforced while reading.
        payload: Readable.from(Array.from({ length: 20 }, (_, i) => Buffer.from(`N${i},n${i}@example.test\r\n`))),
      });
      expect([chunked.statusCode, codeOf(chunked)]).toEqual([413, 'API_BODY_TOO_LARGE']);
    } finally {
      await app.close();
    }
  });

  it('exports CSV as a streamed download with a BOM option; finance may export, sales may not', async () => {
    const tag = unique();
    await h.call(marketer, 'POST', '/api/customers', { name: `导出 ${tag}`, emails: [`ex.${tag}@example.test`], notes: '=HYPERLINK("http://evil")' });
    const response = await h.call(finance, 'GET', `/api/customers/export?bom=true&query=${tag}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^id,name,/);
    expect(lines[1]).toContain(`导出 ${tag}`);
    expect(lines[1]).toContain(`ex.${tag}@example.test`);
    expect(lines[1]).not.toMatch(/,=HYPERLINK/);

    const plain = await h.call(marketer, 'GET', `/api/customers/export?query=${tag}`);
    expect(plain.rawPayload[0]).toBe('i'.charCodeAt(0));
    const denied = await h.call(sales, 'GET', '/api/customers/export');
    expect([denied.statusCode, codeOf(denied)]).toEqual([403, 'AUTH_FORBIDDEN']);
    const missingGroup = await h.call(marketer, 'GET', '/api/customers/export?groupId=99999999');
    expect([missingGroup.statusCode, codeOf(missingGroup)]).toEqual([404, 'CUSTOMER_GROUP_NOT_FOUND']);
  });
});
