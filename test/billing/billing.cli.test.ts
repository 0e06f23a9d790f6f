import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reserve } from '../../src/modules/billing/index.js';
import { openAppStore } from '../../src/app/index.js';
import { runTidings } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-billing-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 't.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent' };

const cli = (...argv: string[]) => runTidings(env, argv);
const cliWithStdin = (input: string, ...argv: string[]) => runTidings(env, argv, input);

describe('tidings sms / wallet', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly the segment count JSON', async () => {
    expect(await cli('sms', 'segments', '--provider', 'twilio', '--json', 'a'.repeat(161))).toMatchObject({
      code: 0,
      out: '{"encoding":"GSM-7","characters":161,"segments":2}\n',
    });
    expect((await cli('sms', 'segments', '--provider', 'aliyun', '--signature', '某某公司', '--json', '中'.repeat(65))).out).toBe(
      '{"encoding":"UCS-2","characters":71,"segments":2}\n',
    );
    expect((await cli('sms', 'segments', '--provider', 'tencent', '--signature', '某某公司', '--json', '中'.repeat(64))).out).toBe('{"encoding":"UCS-2","characters":70,"segments":1}\n');
    expect((await cli('sms', 'segments', '--provider', 'nope', 'x')).code).toBe(2);
  });

  it('tops up, shows, prices, checks, exports stats and refuses bad amounts', async () => {
    const add = await cliWithStdin(JSON.stringify({ accessKeyId: 'id', accessKeySecret: 'secret' }), 'sms-account', 'add', '--name', 'ali', '--provider', 'aliyun', '--credentials-stdin', '--signature', '某某公司');
    expect(add.code, add.err).toBe(0);
    expect(add.out).not.toContain('secret');

    const top = await cli('wallet', 'topup', 'ali', '--amount', '12.34', '--reference', 'bank-778', '--operator', 'finance-zhao', '--json');
    // Minor units are 厘 (0.001 yuan): ¥12.34 is 12340.
    expect(JSON.parse(top.out)).toMatchObject({ amountMinor: 12340, balanceMinor: 12340, replayed: false });
    const again = await cli('wallet', 'topup', 'ali', '--amount', '12.34', '--reference', 'bank-778', '--operator', 'finance-zhao', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ balanceMinor: 12340, replayed: true });
    expect(await cli('wallet', 'topup', 'ali', '--amount', '1.2345', '--reference', 'x', '--operator', 'f')).toMatchObject({ code: 1, err: expect.stringContaining('BILLING_INVALID_AMOUNT') });

    await cli('wallet', 'threshold', 'ali', '20');
    expect(JSON.parse((await cli('wallet', 'price', 'ali', '--set', '0.08', '--json')).out)).toMatchObject({ current: 80 });
    expect(JSON.parse((await cli('wallet', 'price', 'ali', '--set', '0.045', '--json')).out)).toMatchObject({ current: 45 });
    expect(JSON.parse((await cli('wallet', 'price', 'ali', '--set', '0.08', '--json')).out)).toMatchObject({ current: 80 });
    const show = JSON.parse((await cli('wallet', 'show', 'ali', '--json')).out);
    expect(show).toMatchObject({ account: 'ali', balanceMinor: 12340, priceMinor: 80, lowBalanceMinor: 20000, low: true, currency: 'CNY' });
    expect((await cli('wallet', 'show', 'ali')).out).toContain('LOW BALANCE');

    const adj = await cli('wallet', 'adjust', 'ali', '--amount', '-2.00', '--reason', 'refund reversal', '--operator', 'finance-zhao', '--key', 'FIN-1', '--json');
    expect(JSON.parse(adj.out)).toMatchObject({ amountMinor: -2000, balanceMinor: 10340 });
    expect(JSON.parse((await cli('wallet', 'check', 'ali', '--json')).out)).toMatchObject({ ok: true });
    expect(JSON.parse((await cli('wallet', 'history', 'ali', '--json')).out)).toHaveLength(2);

    const stats = await cli('sms', 'stats', '--account', 'ali', '--from', '2026-03-01', '--to', '2026-03-03', '--json');
    expect(JSON.parse(stats.out)).toMatchObject({ account: 'ali', timeZone: 'Asia/Shanghai', rows: [{ period: '2026-03-01', messages: 0 }, {}, {}] });
    const csvFile = join(dir, 'stats.csv');
    const csv = await cli('sms', 'stats', '--account', 'ali', '--from', '2026-03-01', '--to', '2026-03-31', '--by', 'month', '--format', 'csv', '--csv', csvFile);
    expect(csv.out).toBe('period,messages,parts,accepted,delivered,failed,pending,cost\n2026-03,0,0,0,0,0,0,0.00\n');
    expect(readFileSync(csvFile, 'utf8')).toBe(csv.out);
    expect(await cli('sms', 'stats', '--account', 'nobody', '--from', '2026-03-01', '--to', '2026-03-03')).toMatchObject({ code: 1, err: expect.stringContaining('NOT_FOUND') });
    expect(await cli('sms', 'stats', '--account', 'ali', '--from', '2026-3-1', '--to', '2026-03-03')).toMatchObject({ code: 1, err: expect.stringContaining('VALIDATION_FAILED') });
  });

  it('lists held reservations and settles them by key; settling twice or an unknown key fails with exit 1; check proves every wallet', async () => {
    const add = await cliWithStdin(JSON.stringify({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32) }), 'sms-account', 'add', '--name', 'tw', '--provider', 'twilio', '--credentials-stdin', '--sender-id', '+15005550006');
    expect(add.code, add.err).toBe(0);
    expect((await cli('wallet', 'topup', 'tw', '--amount', '1.00', '--reference', 'seed', '--operator', 'f')).code).toBe(0);
    const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 't.db') } });
    try {
      const id = Number((await store.db.selectFrom('sms_accounts').select('id').where('name', '=', 'tw').executeTakeFirstOrThrow()).id);
      for (const k of ['sms:outbox:901', 'sms:outbox:902']) await reserve(store.db, { accountId: id, idempotencyKey: k, parts: 1 });
    } finally {
      await store.close();
    }
    const held = JSON.parse((await cli('wallet', 'held', 'tw', '--json')).out) as { key: string }[];
    expect(held.map((h) => h.key)).toEqual(['sms:outbox:901', 'sms:outbox:902']);

    const settle = (key: string, flag: string) => cli('wallet', 'settle', key, flag, '--note', 'portal checked', '--operator', 'finance-zhao');
    expect(await settle('sms:outbox:901', '--accepted')).toMatchObject({ code: 0, out: 'charged: 0.10 (sms:outbox:901)\n' });
    expect(await settle('sms:outbox:902', '--rejected')).toMatchObject({ code: 0, out: 'released: 0.10 (sms:outbox:902)\n' });
    expect(await settle('sms:outbox:902', '--accepted')).toMatchObject({ code: 1, err: expect.stringContaining('BILLING_RESERVATION_RESOLVED') });
    expect(await settle('sms:outbox:903', '--rejected')).toMatchObject({ code: 1, err: expect.stringContaining('BILLING_RESERVATION_NOT_FOUND') });
    expect((await cli('wallet', 'settle', 'sms:outbox:903', '--note', 'n', '--operator', 'o')).err).toContain('exactly one of --accepted');
    expect((await cli('wallet', 'held', 'tw')).out).toBe('no reservations held\n');
    expect(JSON.parse((await cli('wallet', 'show', 'tw', '--json')).out)).toMatchObject({ balanceMinor: 900, pendingMinor: 0, postedMinor: 100 });

    const check = await cli('wallet', 'check');
    expect(check.code, check.err).toBe(0);
    expect(check.out).toContain('OK tw: balance 0.90 = credits 1.00 − charged 0.10 − reserved 0.00');
    expect(await cli('wallet', 'topup', 'tw', '--amount', '9007199254740.991', '--reference', 'typo', '--operator', 'f')).toMatchObject({
      code: 1,
      err: expect.stringContaining('BILLING_AMOUNT_TOO_LARGE'),
    });
  });
});
