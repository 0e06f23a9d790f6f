import type { Generated } from 'kysely';

/** A message read from a mailbox or imported, filed (or not) against a customer. */
export interface InboxMessagesTable {
  id: Generated<number>;
  /** The mail account it was read from; null for imported files. */
  account_id: number | null;
  /** Folder (IMAP) or `POP3` / `import`. */
  folder: string;
  /** Where in the mailbox: `uidvalidity:uid` (IMAP), the UIDL (POP3), `file:index` (import). */
  uid_key: string;
  /** Dedupe key: the Message-ID, or `sha256:<hex>` of the raw source when it has none. */
  message_key: string;
  message_id: string | null;
  in_reply_to: string | null;
  /** Space-separated References. */
  references_header: string | null;
  from_address: string | null;
  from_name: string | null;
  /** JSON array of addresses. */
  to_addresses: string;
  subject: string | null;
  /** The message's Date header, epoch ms (falls back to the time it was read). */
  date_at: number;
  kind: 'reply' | 'bounce' | 'complaint' | 'auto-reply' | 'unsubscribe' | 'other';
  text: string | null;
  /** Sanitised HTML (no scripts, event handlers or remote-loading elements). */
  html: string | null;
  /** JSON list of { filename, contentType, size, contentId }. */
  attachments: string;
  /** The message exactly as received (bytea/blob). */
  raw: Buffer;
  raw_size: number;
  customer_id: number | null;
  outbox_id: number | null;
  campaign_id: number | null;
  bounce_type: 'hard' | 'soft' | null;
  bounce_recipient: string | null;
  bounce_status: string | null;
  bounce_diagnostic: string | null;
  filed_by: 'token' | 'trace' | 'plus' | 'from' | 'manual' | null;
  /**
   * Proof behind the message's effect (bounces and unsubscribes only; null otherwise):
   * `verified` — it carries our trace/token and names the address we sent to, so its effect was
   * applied; `unverified` — it does not, nothing was suppressed, a person must confirm;
   * `confirmed` — a person confirmed it and the effect was applied then.
   */
  verification: 'verified' | 'unverified' | 'confirmed' | null;
  /** Why it is unverified: an `UnverifiedReason` code (src/inbox/filing/effects.ts). */
  verification_note: string | null;
  /** The user who confirmed it (no foreign key: kept after the user is deleted). */
  confirmed_by: number | null;
  confirmed_at: number | null;
  /** For unfiled mail: JSON array of candidate customer ids (several customers share the From address). */
  candidates: string | null;
  created_at: number;
}

/** Read position of one mailbox folder; `state` is JSON owned by the reader (IMAP or POP3). */
export interface InboxCursorsTable {
  account_id: number;
  folder: string;
  state: string;
  updated_at: number;
}

/** One poller per mailbox: the process holding an unexpired lease polls, the others wait. */
export interface InboxLeasesTable {
  account_id: number;
  holder: string;
  expires_at: number;
}

/** Tables src/inbox adds (migration 0600_inbox). */
export interface InboxTables {
  inbox_messages: InboxMessagesTable;
  inbox_cursors: InboxCursorsTable;
  inbox_leases: InboxLeasesTable;
  inbox_reads: InboxReadsTable;
  inbox_forwards: InboxForwardsTable;
}

/** Who has read which received message (migration 0630); absent means unread. */
export interface InboxReadsTable {
  message_id: number;
  user_id: number;
  read_at: number;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends InboxTables {}
}

/** A received message forwarded to other addresses (migration 0650); on the customer's timeline. */
export interface InboxForwardsTable {
  id: Generated<number>;
  message_id: number;
  customer_id: number | null;
  account_id: number | null;
  /** JSON array of the addresses it went to. */
  to_addresses: string;
  subject: string;
  /** The Message-ID of the forwarded mail. */
  sent_message_id: string;
  created_by: string;
  sent_at: number;
}
