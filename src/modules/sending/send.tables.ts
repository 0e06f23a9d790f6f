import type { ColumnType, Generated } from 'kysely';
import type { TrackingTables } from './tracking/tracking.tables.js';

/*
 * Row types of the tables the sending module owns (migration 0001's `campaigns` and `outbox`, and
 * send.migrations.ts). Its queries are typed against these only: `Kysely<SendingTables>`. Other
 * modules reach campaigns and outbox rows through the functions of index.ts.
 */

/** Every table of the sending module, merged into the store's schema (src/app/schema.ts). */
export interface SendingTables extends TrackingTables {
  campaigns: CampaignsTable;
  outbox: OutboxTable;
  send_campaign_state: SendCampaignStateTable;
  send_complaints: SendComplaintsTable;
  oneoff_templates: OneoffTemplatesTable;
}

/** Templates made to hold a one-off written now (migration 0460): not listed with the marketers' templates. */
export interface OneoffTemplatesTable {
  template_id: number;
}

/**
 * A campaign: what to send (template version), from which account, to whom (audience), when
 * (schedule), and where it stands. Created by migration 0001 (it predates the modules), extended
 * by 0410 (runs of a standing campaign: each occurrence is a child campaign, because the outbox is
 * unique per campaign, customer and channel) and 0420 (Sent-folder copies).
 */
export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  channel: 'email' | 'sms';
  /** `bulk` for marketers, `oneoff` for a sales rep's personal emails. */
  kind: 'bulk' | 'oneoff';
  mail_account_id: number | null;
  sms_account_id: number | null;
  template_version_id: number;
  /** JSON audience selection (customer ids, groups, filter, list); empty means everybody. */
  audience: string;
  /** JSON schedule (now, at, local time, recurrence…), null for "send now". */
  schedule: string | null;
  status: 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished' | 'failed';
  status_reason: string | null;
  tracking: number;
  created_by: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  /** The standing campaign this run belongs to; null for an ordinary campaign (migration 0410). */
  parent_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The scheduler's occurrence key (`birthday:2027`, `local:…@Europe/Berlin`); unique per parent (migration 0410). */
  occurrence_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: file a copy in the Sent folder; 0: don't; null: the kind's default (migration 0420). */
  copy_to_sent: ColumnType<number | null, number | null | undefined, number | null>;
  /** A reply written from the inbox: the Message-ID it answers (migration 0460). */
  in_reply_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** A reply's References header, space-separated Message-IDs (migration 0460). */
  references_header: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One message to one customer on one channel; unique per (campaign, customer, channel). */
export interface OutboxTable {
  id: Generated<number>;
  campaign_id: number;
  customer_id: number;
  channel: 'email' | 'sms';
  /** The address or E.164 number chosen at enqueue time. */
  address: string;
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'deferred' | 'unknown' | 'suppressed' | 'cancelled';
  attempts: number;
  next_attempt_at: number | null;
  /** Message-ID we generated (email) or the provider's message id (SMS). */
  message_id: string | null;
  /** Unguessable token carried in Message-ID / Reply-To to file replies. */
  reply_token: string;
  error_code: string | null;
  error_text: string | null;
  /** SMS parts billed. */
  parts: number | null;
  cost_minor: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  /** The SMTP reply code of a refusal during the session, e.g. 550 (migration 0490). */
  smtp_code: ColumnType<number | null, number | null | undefined, number | null>;
  /** The enhanced status code of that refusal, e.g. "5.1.1" (migration 0490). */
  smtp_status: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the refusal means: a `BounceReason` such as `user-unknown` (migration 0490). */
  bounce_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The template language variant the recipient got, e.g. `zh-CN` (migration 0495). */
  language: ColumnType<string | null, string | null | undefined, string | null>;
  /** The merged subject as sent; written for one-offs (migration 0460), null otherwise. */
  subject: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * A recipient reported one of our messages as spam (an ARF feedback report, RFC 5965), at most
 * once per outbox row (migration 0490). Counted against the campaign and the sending account.
 */
export interface SendComplaintsTable {
  id: Generated<number>;
  outbox_id: number;
  campaign_id: number;
  /** The mailbox the campaign sent from; null when it had none recorded. */
  mail_account_id: number | null;
  customer_id: number | null;
  /** The address the message was sent to (lower-cased). */
  address: string;
  /** The report's Feedback-Type (`abuse`, `fraud`, …). */
  feedback_type: string;
  user_agent: string | null;
  /** The report's Arrival-Date (when the reported message arrived), epoch ms. */
  arrived_at: number | null;
  inbox_message_id: number | null;
  created_at: number;
}

/**
 * Pipeline bookkeeping per campaign, kept apart from the `campaigns` row. A campaign can only be
 * detected as finished once all its outbox rows exist (`materialized_at` set).
 */
export interface SendCampaignStateTable {
  campaign_id: number;
  /** When every recipient had an outbox row; null while the audience is still being expanded. */
  materialized_at: number | null;
  /** Recipients found when materialising (including suppressed ones). */
  recipients: number;
  updated_at: number;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends SendingTables {}
}
