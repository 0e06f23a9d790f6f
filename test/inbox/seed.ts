import type { Kysely } from 'kysely';
import { newReplyToken } from '../../src/modules/sending/trace.js';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

/** Inserts a mail account straight into the core table (the accounts module owns the real API). */
export async function seedAccount(db: Kysely<DatabaseSchema>, values: Partial<DatabaseSchema['mail_accounts']> & { name: string; email: string }) {
  const now = Date.now();
  const row = await db
    .insertInto('mail_accounts')
    .values({
      display_name: values.name,
      smtp_host: '127.0.0.1',
      smtp_port: 25,
      smtp_security: 'none',
      created_at: now,
      updated_at: now,
      ...values,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A customer with the given addresses. */
export async function seedCustomer(db: Kysely<DatabaseSchema>, name: string, emails: string[]): Promise<number> {
  const now = Date.now();
  const { id } = await db.insertInto('customers').values({ display_name: name, created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
  for (const [i, email] of emails.entries()) {
    await db.insertInto('customer_emails').values({ customer_id: Number(id), email: email.toLowerCase(), is_primary: i === 0 ? 1 : 0 } as never).execute();
  }
  return Number(id);
}

/** A campaign (with template and version) and one outbox row per recipient. */
export async function seedCampaign(
  db: Kysely<DatabaseSchema>,
  recipients: Array<{ customerId: number; address: string }>,
  accountId: number | null = null,
): Promise<{ campaignId: number; outbox: Array<{ id: number; token: string; customerId: number; address: string }> }> {
  const now = Date.now();
  const template = await db
    .insertInto('templates')
    .values({ name: `t-${Math.random().toString(36).slice(2)}`, channel: 'email', created_at: now, updated_at: now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('template_versions')
    .values({ template_id: Number(template.id), version: 1, subject: 'Spring Festival greetings', body_format: 'text', body: 'Hello', created_at: now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({ name: 'c', channel: 'email', template_version_id: Number(version.id), mail_account_id: accountId, created_at: now, updated_at: now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const outbox = [];
  for (const r of recipients) {
    const token = newReplyToken();
    const row = await db
      .insertInto('outbox')
      .values({ campaign_id: Number(campaign.id), customer_id: r.customerId, channel: 'email', address: r.address, state: 'sent', reply_token: token, created_at: now, updated_at: now, sent_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    outbox.push({ id: Number(row.id), token, customerId: r.customerId, address: r.address });
  }
  return { campaignId: Number(campaign.id), outbox };
}
