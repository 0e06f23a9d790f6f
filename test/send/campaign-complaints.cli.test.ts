// `tidings campaign complaints <id>`: the report GET /api/campaigns/{id}/complaints gives, from
// the same sending-module function, as lines or JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore } from '../../src/app/index.js';
import { recordComplaint } from '../../src/modules/sending/index.js';
import { runTidings } from '../helpers/cli.js';
import { seedAccount, seedCampaign, seedCustomer } from '../inbox/seed.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-complaints-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent', SEND_COMPLAINT_MAX_PERCENT: '0.5', SEND_COMPLAINT_MIN_DELIVERED: '100' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runTidings(env, argv);

describe('tidings campaign complaints', () => {
  let campaignId = 0;
  let accountId = 0;

  beforeAll(async () => {
    const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'cli.db') } });
    try {
      const db = store.db;
      accountId = await seedAccount(db, { name: 'fbl', email: 'sales@example.test' });
      const seed = async (n: number) => {
        const recipients = [];
        for (let i = 0; i < n; i++) recipients.push({ customerId: await seedCustomer(db, `C${i}`, [`c${i}-${n}@example.test`]), address: `c${i}-${n}@example.test` });
        return seedCampaign(db, recipients, accountId);
      };
      const first = await seed(4);
      const second = await seed(6);
      campaignId = first.campaignId;
      await recordComplaint(db, { outboxId: first.outbox[0]!.id, feedbackType: 'abuse' });
      await recordComplaint(db, { outboxId: second.outbox[0]!.id, feedbackType: 'abuse' });
    } finally {
      await store.close();
    }
  });

  it('prints the campaign and mailbox rates and the pause bound', async () => {
    const { code, out, err } = await cli(['campaign', 'complaints', String(campaignId)]);
    expect(code, err).toBe(0);
    expect(out).toContain(`campaign ${campaignId}: 25.00 % (1 complaint(s) of 4 delivered)`);
    expect(out).toContain(`mailbox ${accountId}, all campaigns: 20.00 % (2 complaint(s) of 10 delivered)`);
    expect(out).toContain('pauses above 0.50 % once 100 message(s) were delivered');
  });

  it('--json gives the API report', async () => {
    const { code, out } = await cli(['campaign', 'complaints', String(campaignId), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      campaignId,
      campaign: { complaints: 1, delivered: 4, rate: 0.25 },
      account: { mailAccountId: accountId, complaints: 2, delivered: 10, rate: 0.2 },
      limit: { maxRate: 0.005, minDelivered: 100 },
    });
  });

  it('an unknown campaign or a non-number is an error that says so', async () => {
    const missing = await cli(['campaign', 'complaints', '999999']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('NOT_FOUND');
    const bad = await cli(['campaign', 'complaints', 'abc']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('expected a campaign id');
  });
});
