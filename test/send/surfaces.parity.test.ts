import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppress } from '../../src/modules/customers/index.js';
import { AudienceRecipientSource, CampaignService } from '../../src/modules/sending/index.js';
import { ERROR_CODES, openAppStore, type ErrorCode } from '../../src/app/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { campaignHarness, codeOf, unique, type CampaignHarness, type Caller } from '../api/routes/campaigns.harness.js';
import { runTidings } from '../helpers/cli.js';

/**
 * The same requests through `tidings …` (in-process CLI) and the API (in-process Fastify) over
 * one SQLite store: each rule has one home, so both give the same outcome or the same error code,
 * and the API's status is the one the code is registered with.
 */

/** What a surface answered: an error code, or the outcome fields both surfaces report. */
type Outcome = { error: ErrorCode; status?: number } | { ok: Record<string, unknown> };

describe('CLI and HTTP give the same answer to the same request', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let store: Store;
  let h: CampaignHarness;
  let marketer: Caller;
  let emailTemplate: { id: number; name: string; versionId: number };
  let smsTemplate: { id: number; name: string; versionId: number };
  let customer: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-parity-'));
    const path = join(dir, 't.db');
    env = { DATABASE_URL: `sqlite:${path}`, TIDINGS_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'error' };
    store = await openAppStore({ target: { kind: 'sqlite', path } });
    const { db } = store;
    // No dispatcher: started rows wait in the outbox, as they do for the CLI's producer-side runtime.
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }) });
    h = await campaignHarness(store, { campaigns });
    marketer = await h.caller('marketer');
    emailTemplate = await h.template('email');
    smsTemplate = await h.template('sms');
    customer = await h.customer({ email: `p-${unique()}@example.test` });
  });
  afterAll(async () => {
    await h?.app.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `tidings <argv> --json`: the error code it printed, or the JSON it printed. */
  async function cli(argv: readonly string[]): Promise<Outcome> {
    const run = await runTidings(env, [...argv, '--json']);
    const error = /^error ([A-Z_]+):/m.exec(run.err)?.[1];
    if (run.code !== 0) {
      expect(error, `exit ${run.code}: ${run.err}`).toBeDefined();
      return { error: error as ErrorCode };
    }
    return { ok: JSON.parse(run.out) as Record<string, unknown> };
  }

  /** One API call: the error code and status, or the JSON body. */
  async function http(url: string, body: Record<string, unknown>): Promise<Outcome> {
    const response = await h.call(marketer, 'POST', url, body);
    if (response.statusCode >= 400) return { error: codeOf(response) as ErrorCode, status: response.statusCode };
    return { ok: response.json() as Record<string, unknown> };
  }

  /** Both surfaces failed with the same code, and the API answered with that code's status. */
  function expectSameError(fromCli: Outcome, fromHttp: Outcome, code: ErrorCode): void {
    expect(fromCli).toEqual({ error: code });
    expect(fromHttp).toEqual({ error: code, status: ERROR_CODES[code].http });
  }

  it('a campaign without an account: SEND_NO_ACCOUNT while none is marked default, the default account once one is', async () => {
    const cliCreate = ['campaign', 'create', '--name', `c-${unique()}`, '--template', emailTemplate.name, '--customers', String(customer)];
    const httpCreate = { name: `c-${unique()}`, template: emailTemplate.name, audience: { customerIds: [customer] } };
    expectSameError(await cli(cliCreate), await http('/api/campaigns', httpCreate), 'SEND_NO_ACCOUNT');

    // The first mailbox added becomes the default one.
    const account = await h.mailAccount();
    const fromCli = await cli(cliCreate);
    const fromHttp = await http('/api/campaigns', httpCreate);
    expect(fromCli).toEqual({ ok: expect.objectContaining({ mail_account_id: account, template_version_id: emailTemplate.versionId, status: 'draft' }) });
    expect(fromHttp).toEqual({ ok: expect.objectContaining({ mailAccountId: account, templateVersionId: emailTemplate.versionId, status: 'draft' }) });
  });

  it('a template of the wrong channel: TEMPLATE_CHANNEL_MISMATCH (409) for a campaign and for a one-off', async () => {
    const account = String(await h.mailAccount());
    expectSameError(
      await cli(['campaign', 'create', '--name', `c-${unique()}`, '--account', account, '--template', smsTemplate.name]),
      await http('/api/campaigns', { name: `c-${unique()}`, mailAccount: Number(account), template: smsTemplate.name }),
      'TEMPLATE_CHANNEL_MISMATCH',
    );
    expectSameError(
      await cli(['campaign', 'create', '--name', `c-${unique()}`, '--channel', 'sms', '--template-version', String(emailTemplate.versionId)]),
      await http('/api/campaigns', { name: `c-${unique()}`, channel: 'sms', templateVersionId: emailTemplate.versionId }),
      'TEMPLATE_CHANNEL_MISMATCH',
    );
    expectSameError(
      await cli(['send', '--account', account, '--customers', String(customer), '--template', smsTemplate.name]),
      await http('/api/send', { mailAccount: Number(account), customerIds: [customer], template: smsTemplate.name }),
      'TEMPLATE_CHANNEL_MISMATCH',
    );
  });

  it('an unknown template version: NOT_FOUND (404), by version number and by version id', async () => {
    const account = String(await h.mailAccount());
    expectSameError(
      await cli(['campaign', 'create', '--name', `c-${unique()}`, '--account', account, '--template', emailTemplate.name, '--template-version', '99']),
      await http('/api/campaigns', { name: `c-${unique()}`, mailAccount: Number(account), template: emailTemplate.name, templateVersion: 99 }),
      'NOT_FOUND',
    );
    expectSameError(
      await cli(['campaign', 'create', '--name', `c-${unique()}`, '--account', account, '--template-version', '99999999']),
      await http('/api/campaigns', { name: `c-${unique()}`, mailAccount: Number(account), templateVersionId: 99999999 }),
      'NOT_FOUND',
    );
    expectSameError(
      await cli(['send', '--account', account, '--customers', String(customer), '--template', emailTemplate.name, '--template-version', '99']),
      await http('/api/send', { mailAccount: Number(account), customerIds: [customer], template: emailTemplate.name, templateVersion: 99 }),
      'NOT_FOUND',
    );
  });

  it('a one-off to a suppressed customer: a finished one-off with no message for them, from both', async () => {
    const account = await h.mailAccount();
    const address = `unsub-${unique()}@example.test`;
    const suppressed = await h.customer({ email: address });
    await suppress(store.db, { channel: 'email', value: address, scope: 'address', reason: 'unsubscribed', detail: null });

    const fromCli = await cli(['send', '--account', String(account), '--customers', String(suppressed), '--template', emailTemplate.name]);
    const fromHttp = await http('/api/send', { mailAccount: account, customerIds: [suppressed], template: emailTemplate.name });
    // The audience leaves suppressed addresses out before any row is written: nothing to send, so the run is over at once.
    const nothingSent = { status: 'finished', total: 0, remaining: 0, materialized: true };
    expect(fromCli).toEqual({ ok: expect.objectContaining({ campaign: expect.objectContaining({ kind: 'oneoff', mail_account_id: account }), progress: expect.objectContaining(nothingSent) }) });
    expect(fromHttp).toEqual({ ok: expect.objectContaining({ kind: 'oneoff', mailAccountId: account, progress: expect.objectContaining(nothingSent) }) });
    const counts = (o: Outcome) => ('ok' in o ? ((o.ok.progress as { counts: unknown }).counts) : undefined);
    expect(counts(fromCli)).toEqual(counts(fromHttp));
    const rows = await store.db.selectFrom('outbox').select('id').where('customer_id', '=', suppressed).execute();
    expect(rows).toEqual([]);
  });
});
