import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCustomer,
  createGroup,
  addToGroup,
  defineCustomField,
  exportCustomers,
  importCustomers,
  listCustomers,
  type Customer,
  type ImportError,
} from '../../src/modules/customers/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const file = (content: string | Buffer) => {
  const path = join(dir, `f${++fileNo}.csv`);
  writeFileSync(path, content);
  return path;
};

const SURNAMES = ['张', '王', '李', '赵', '欧阳', '刘', '陈'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '强'];

/** 5,000 rows, 1% of them broken in each of five ways; returns the file and what must happen. */
function generate(rows: number, seed: string) {
  const kinds = ['bad-email', 'bad-phone', 'bad-date', 'no-name', 'stray-quote'] as const;
  const lines = ['姓名,手机,邮箱,生日,公司,分组,城市'];
  const bad = new Map<number, (typeof kinds)[number]>();
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i}`;
    let phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
    let email = `u${i}.${seed}@example.test`;
    let birthday = `19${80 + (i % 20)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    let cells: string | undefined;
    const kind = i % 20 === 7 ? kinds[Math.floor(i / 20) % kinds.length] : undefined;
    if (kind === 'bad-email') email = `u${i}.at.example.test`;
    if (kind === 'bad-phone') phone = '12345';
    if (kind === 'bad-date') birthday = '1990-02-30';
    if (kind === 'no-name') cells = `,${phone},${email},${birthday},公司${i},客户/遵义,遵义`;
    if (kind === 'stray-quote') cells = `"${name},${phone},${email},${birthday},公司${i},客户/遵义,遵义`;
    if (kind) bad.set(line, kind);
    lines.push(cells ?? `${name},${phone},${email},${birthday},"公司${i}, 有限",客户/遵义,遵义`);
  }
  return { path: file(lines.join('\r\n') + '\r\n'), bad, good: rows - bad.size };
}

describeStoreContract('CSV import', (store) => {
  it('imports every good row of 5,000 and reports every bad one (1% of each kind)', async () => {
    const { db } = store();
    const { path, bad, good } = generate(5000, 'gen');
    expect(bad.size).toBe(250);
    const errors: ImportError[] = [];
    const result = await importCustomers(db, path, { region: 'CN', maxErrors: 10, onError: (e) => void errors.push(e) });
    expect(result).toMatchObject({ imported: good, updated: 0, skipped: 0, failed: bad.size, errorsTruncated: true, ignoredColumns: ['城市'] });
    expect(result.errors).toHaveLength(10);
    expect(new Set(errors.map((e) => e.row))).toEqual(new Set(bad.keys()));
    const expectedColumn = { 'bad-email': '邮箱', 'bad-phone': '手机', 'bad-date': '生日', 'no-name': '姓名', 'stray-quote': '' };
    for (const error of errors) {
      const kind = bad.get(error.row);
      expect(error.column, `row ${error.row} (${kind}): ${error.reason}`).toBe(expectedColumn[kind as keyof typeof expectedColumn]);
      expect(error.reason.length).toBeGreaterThan(5);
    }
    expect(errors.find((e) => bad.get(e.row) === 'stray-quote')?.reason).toMatch(/quote/);
    const page = await listCustomers(db, { query: 'u1.gen@example.test' });
    expect(page.items[0]).toMatchObject({ company: '公司1, 有限', phones: ['+8613910000001'], custom: {} });
  }, 60_000);

  it('dedupes by email or phone: skip, update, dry-run', async () => {
    const { db } = store();
    await defineCustomField(db, { name: 'level', type: 'number' });
    const first = file('name,email,mobile,custom.level\nAlex Smith,alex@dedupe.test,13800000001,1\n');
    expect(await importCustomers(db, first, { region: 'CN' })).toMatchObject({ imported: 1 });
    const second = file('name,email,mobile,company,custom.level\nAlex Smith,ALEX@dedupe.test,,ACME,2\nBob Ray,,138 0000 0001,Other,3\nCat Lee,cat@dedupe.test,,,\n');
    expect(await importCustomers(db, second, { region: 'CN', onDuplicate: 'skip', dryRun: true })).toMatchObject({ imported: 1, skipped: 2, dryRun: true });
    expect((await listCustomers(db, { query: 'cat@dedupe.test' })).items).toEqual([]);
    expect(await importCustomers(db, second, { region: 'CN', onDuplicate: 'update' })).toMatchObject({ imported: 1, updated: 2, failed: 0 });
    const [alex] = (await listCustomers(db, { query: 'alex@dedupe.test' })).items;
    // The second "update" row names the same customer through its phone; its cells win.
    expect(alex).toMatchObject({ displayName: 'Bob Ray', company: 'Other', custom: { level: 3 }, emails: ['alex@dedupe.test'], phones: ['+8613800000001'] });
  });

  it('reads GBK (auto-detected and with --encoding gbk) with Chinese names and headers', async () => {
    const { db } = store();
    const text = '姓名,手机,邮箱,称谓,备注\r\n欧阳娜娜,13600000001,nana@gbk.test,女士,老客户\r\n诸葛亮,13600000002,kongming@gbk.test,先生,"蜀汉，丞相"\r\n';
    const path = file(iconv.encode(text, 'gbk'));
    const result = await importCustomers(db, path, { region: 'CN' });
    expect(result).toMatchObject({ imported: 2, failed: 0, encoding: 'gb18030' });
    const [nana] = (await listCustomers(db, { query: 'nana@gbk.test' })).items;
    expect(nana).toMatchObject({ familyName: '欧阳', givenName: '娜娜', title: '女士', notes: '老客户' });
    const [kongming] = (await listCustomers(db, { query: 'zhugeliang' })).items;
    expect(kongming).toMatchObject({ familyName: '诸葛', givenName: '亮', notes: '蜀汉，丞相' });
    const explicit = file(iconv.encode('姓名,邮箱\r\n张三,zhangsan@gbk.test\r\n', 'gbk'));
    expect(await importCustomers(db, explicit, { region: 'CN', encoding: 'gbk' })).toMatchObject({ imported: 1 });
    const bom = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名,邮箱\n李四,lisi@bom.test\n')]));
    expect(await importCustomers(db, bom, { region: 'CN' })).toMatchObject({ imported: 1, encoding: 'utf8', ignoredColumns: [] });
  });

  it('maps headers with --map and reports unknown columns', async () => {
    const { db } = store();
    const path = file('客户全名,联络方式,星座,VIP\n王小明,13500000001,天秤,是\n');
    const { parseMapOptions } = await import('../../src/modules/customers/header.mapping.js');
    const result = await importCustomers(db, path, {
      region: 'CN',
      map: parseMapOptions(['客户全名=name', '联络方式=phone', 'VIP=custom.vip:boolean']),
    });
    expect(result).toMatchObject({ imported: 1, ignoredColumns: ['星座'] });
    const [c] = (await listCustomers(db, { query: '13500000001' })).items;
    expect(c).toMatchObject({ displayName: '王小明', custom: { vip: true } });
  });
});

async function exportToString(db: Parameters<typeof exportCustomers>[0], bom = false): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportCustomers(db, out, { bom });
  return Buffer.concat(chunks).toString('utf8');
}

const comparable = (c: Customer, groupPath: (id: number) => string | undefined) => ({
  ...c,
  id: 0,
  createdAt: 0,
  updatedAt: 0,
  groupIds: c.groupIds.map(groupPath).sort(),
});

describe('CSV export', () => {
  it('round-trips through import into an empty store, custom fields and tricky cells included', async () => {
    const source = await makeSqliteStore();
    const target = await makeSqliteStore();
    try {
      const { db } = source;
      await defineCustomField(db, { name: 'city', type: 'text' });
      await defineCustomField(db, { name: 'spend', type: 'number' });
      await defineCustomField(db, { name: 'vip', type: 'boolean' });
      await defineCustomField(db, { name: 'since', type: 'date' });
      const group = await createGroup(db, { name: '客户' });
      const sub = await createGroup(db, { name: '遵义, 贵州', parentId: group.id });
      const a = await createCustomer(
        db,
        {
          name: '欧阳娜娜', title: '女士', gender: 'female', company: '=cmd|"/c calc"!A1', emails: ['nana@rt.test', 'nana2@rt.test'],
          phones: ['13800138000', '+1 415 555 2671'], birthday: '--02-29', timeZone: 'Asia/Shanghai', language: 'zh-CN', owner: 'li',
          custom: { city: '遵义', spend: -12.5, vip: true, since: '2020-01-31' }, notes: '-first line\nsecond, "quoted" line', locked: true,
        },
        { region: 'CN' },
      );
      await createCustomer(db, { name: 'Alex Smith', emails: ['alex@rt.test'], birthday: '1990-12-25', notes: "'=already apostrophed" }, { region: 'CN' });
      await createCustomer(db, { name: '张', phones: ['13900000000'] }, { region: 'CN' });
      await addToGroup(db, sub.id, [a.id]);
      await addToGroup(db, group.id, [a.id]);

      const csv = await exportToString(db, true);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(csv).toContain(`'=cmd|""/c calc""!A1`);
      expect(csv).toContain("'+8613800138000");
      expect(csv).not.toMatch(/,[=+\-@]/);

      const path = file(csv);
      const result = await importCustomers(target.db, path, { region: 'US' });
      expect(result).toMatchObject({ imported: 3, failed: 0, errors: [] });
      const pathsOf = async (db: typeof source.db) => new Map((await (await import('../../src/modules/customers/index.js')).listGroups(db)).map((g) => [g.id, g.path]));
      const [before, after] = [await listCustomers(source.db, { limit: 10 }), await listCustomers(target.db, { limit: 10 })];
      const [sourcePaths, targetPaths] = [await pathsOf(source.db), await pathsOf(target.db)];
      expect(after.items.map((c) => comparable(c, (id) => targetPaths.get(id)))).toEqual(
        before.items.map((c) => comparable(c, (id) => sourcePaths.get(id))),
      );
      expect(readFileSync(path, 'utf8')).toContain('custom.vip:boolean');
    } finally {
      await source.close();
      await target.close();
    }
  });
});
