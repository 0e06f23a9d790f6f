import { randomBytes } from 'node:crypto';
import { dkimVerify, type DKIMResult } from 'mailauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDkimKeyFor, type DkimKeyView } from '../../src/modules/accounts/index.js';
import { createSendRuntime, type SendRuntime } from '../../src/modules/sending/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { latestSource } from '../helpers/mailbox.js';

const PUBLIC_URL = 'https://tidings.example.test';


/** A DNS stand-in that serves only the record Tidings told us to publish, split as the zone line has it. */
function resolverFor(key: DkimKeyView) {
  const strings = [...key.dns.zoneLine.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
  return async (name: string, type: string): Promise<string[][]> => {
    if (type === 'TXT' && `${name}.` === key.dns.name) return [strings];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };
}

/** The `tag=` value of the message's (unfolded) DKIM-Signature header. */
function signatureTag(raw: string, tag: string): string | undefined {
  const header = raw.match(/^DKIM-Signature:(.*(?:\r?\n[ \t].*)*)/im)?.[1]?.replace(/\r?\n[ \t]+/g, ' ');
  return header?.match(new RegExp(`(?:^|;)\\s*${tag}=([^;]*)`))?.[1]?.replace(/\s+/g, '');
}

const ours = (results: readonly DKIMResult[]) => results.filter((r) => r.signingDomain === 'example.test');

await describeWithServices(['smtp', 'imap'], 'send: DKIM signing per sender domain through the local Postfix', () => {
  let store: Store;
  let runtime: SendRuntime;
  let context: ReturnType<typeof testContext>;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    store = await makeSqliteStore();
    context = testContext(store, { TIDINGS_PUBLIC_URL: PUBLIC_URL });
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await store?.close();
  });

  it('signs a bulk message with the domain key, both unsubscribe headers in h=, and a tampered copy fails', async () => {
    const { db } = store;
    // Sealed with the context's SecretBox, the one the runtime's sender resolver opens it with.
    const key = await generateDkimKeyFor(db, context.secrets, { domain: 'example.test', selector: `t${run}` });
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `dkim-${run}@example.test` });
    const version = await seedTemplateVersion(db, 'Signed news for {{customer.displayName}}', 'Dear {{customer.displayName}}, this one is signed.');
    const to = `dkim-rcpt-${run}@example.test`;
    await seedCustomers(db, 1, () => to);
    const campaign = await runtime.campaigns.create({ name: 'signed', mailAccountId: account, templateVersionId: version });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 30_000, 100);

    let raw: Buffer | undefined;
    await waitUntil(async () => (raw = await latestSource(to)) !== undefined, 30_000, 200);
    const source = raw!.toString('utf8');
    // Long values are folded right after the colon, so the value may start on the next line.
    expect(source).toMatch(/^List-Unsubscribe:\s*</m);
    expect(source).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);

    const resolver = resolverFor(key);
    const verified = ours((await dkimVerify(raw!, { resolver })).results);
    expect(verified).toHaveLength(1);
    expect(verified[0]!.status.result).toBe('pass');
    expect(verified[0]!.selector).toBe(`t${run}`);
    expect(signatureTag(source, 'd')).toBe('example.test');
    const signed = (signatureTag(source, 'h') ?? '').toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']));

    // A changed body no longer matches bh=; a changed unsubscribe header breaks the signature itself.
    // (Inserted as raw bytes: the text part may be quoted-printable or base64 encoded.)
    const bodyStart = source.indexOf('\r\n\r\n') + 4;
    const body = Buffer.from(`${source.slice(0, bodyStart)}A forged first line.\r\n${source.slice(bodyStart)}`);
    const bodyResult = ours((await dkimVerify(body, { resolver })).results)[0]!;
    expect(bodyResult.status.result).not.toBe('pass');
    expect(bodyResult.status.comment).toBe('body hash did not verify');
    const tampered = source.replace(/^List-Unsubscribe:(\s*)</m, 'List-Unsubscribe:$1<https://evil.example/x>, <');
    expect(tampered).not.toBe(source);
    const header = Buffer.from(tampered);
    expect(ours((await dkimVerify(header, { resolver })).results)[0]!.status.result).toBe('fail');
  });

  it('leaves mail from a domain without a key unsigned', async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `plain-${run}@example.test`, host: '127.0.0.1' });
    await db.deleteFrom('dkim_keys').execute();
    const version = await seedTemplateVersion(db);
    const to = `dkim-plain-${run}@example.test`;
    await seedCustomers(db, 1, () => to);
    const campaign = await runtime.campaigns.create({ name: 'unsigned', mailAccountId: account, templateVersionId: version });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 30_000, 100);
    let raw: Buffer | undefined;
    await waitUntil(async () => (raw = await latestSource(to)) !== undefined, 30_000, 200);
    expect(raw!.toString('utf8')).not.toMatch(/^DKIM-Signature:/im);
  });
});
