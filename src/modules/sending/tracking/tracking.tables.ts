import type { Generated } from 'kysely';

/** Tables of open/click tracking (migration 0450_send_tracking), merged into `SendTables`. */
export interface TrackingTables {
  send_tracking_links: TrackingLinksTable;
  send_tracking_messages: TrackingMessagesTable;
  send_tracking_events: TrackingEventsTable;
}

/**
 * The links of a tracked campaign, one row per distinct target URL (personalised links make more
 * than one per template link). Written the first time a message with that link is built; the
 * click redirect reads its target from here, never from the request.
 */
export interface TrackingLinksTable {
  /** The link index the click token carries (unique across campaigns; see tracking.links.ts). */
  id: Generated<number>;
  campaign_id: number;
  /** SHA-256 hex of `url`: a short unique key, since long URLs do not fit a btree index. */
  url_sha256: string;
  url: string;
  created_at: number;
}

/** Opens and clicks of one message (outbox row), kept apart from the hot `outbox` table. */
export interface TrackingMessagesTable {
  outbox_id: number;
  /** Copied from the row so campaign totals are one indexed aggregate. */
  campaign_id: number;
  opens: number;
  clicks: number;
  first_opened_at: number | null;
  first_clicked_at: number | null;
  last_event_at: number;
}

/** Single opens and clicks, the first few per message and kind (see EVENT_CAP), for looking into. */
export interface TrackingEventsTable {
  id: Generated<number>;
  outbox_id: number;
  kind: 'open' | 'click';
  /** The clicked link; null for an open. */
  link_id: number | null;
  at: number;
  /** As sent by the client, cut to 256 characters. */
  user_agent: string | null;
}
