import type { Kysely } from 'kysely';
import type { DeliveryReceipt, SandboxMessage, SandboxOutbox } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import { recordReceipt } from './sms-send.js';

type Db = Kysely<DatabaseSchema>;

/** One message the sandbox "sent", as the SMS outbox screen lists it. */
export interface SandboxMessageView {
  readonly id: number;
  readonly to: string;
  readonly senderId: string | null;
  readonly text: string;
  readonly parts: number;
  readonly encoding: string;
  readonly status: 'accepted' | 'delivered';
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

/**
 * The store behind a sandbox account's provider: messages go to `sms_sandbox_messages`, and the
 * delivery receipt goes through {@link recordReceipt} like a real provider's, so statistics see
 * the message delivered the same way.
 */
export function sandboxOutbox(db: Db, accountId: number, clock: Clock = systemClock): SandboxOutbox {
  return {
    async record(message: SandboxMessage) {
      await db
        .insertInto('sms_sandbox_messages')
        .values({
          sms_account_id: accountId,
          provider_message_id: message.providerMessageId,
          to_e164: message.to,
          sender_id: message.senderId,
          text: message.text,
          parts: message.parts,
          encoding: message.encoding,
          status: 'accepted',
          created_at: clock.now(),
          delivered_at: null,
        })
        .execute();
    },
    async deliver(receipt: DeliveryReceipt) {
      const changed = await recordReceipt(db, 'sandbox', receipt, clock);
      if (changed === 0) {
        // The charge (status accepted, provider id set) commits after the send returns: until
        // then no billed row carries this id, and the sandbox tries again shortly.
        const billed = await db.selectFrom('sms_messages').select('status').where('provider', '=', 'sandbox').where('provider_message_id', '=', receipt.providerMessageId).executeTakeFirst();
        if (!billed || billed.status === 'pending') return false;
      }
      await db
        .updateTable('sms_sandbox_messages')
        .set({ status: 'delivered', delivered_at: clock.now() })
        .where('provider_message_id', '=', receipt.providerMessageId)
        .execute();
      return true;
    },
  };
}

/** What the sandbox sent for an account, newest first (the SMS outbox screen). */
export async function listSandboxMessages(db: Db, accountId: number, limit = 100): Promise<SandboxMessageView[]> {
  const rows = await db.selectFrom('sms_sandbox_messages').selectAll().where('sms_account_id', '=', accountId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    to: r.to_e164,
    senderId: r.sender_id,
    text: r.text,
    parts: r.parts,
    encoding: r.encoding,
    status: r.status,
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  }));
}
