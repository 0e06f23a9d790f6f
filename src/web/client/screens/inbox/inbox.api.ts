// The inbox screens' view of the API: shapes as src/api/routes/inbox.routes.ts and
// inbox-campaigns.routes.ts define them, plus the customer search the assign picker uses.
import { api, withQuery } from '../../api.js';

export const MESSAGE_KINDS = ['reply', 'bounce', 'auto-reply', 'unsubscribe', 'other'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** GET /api/inbox/unfiled: a message no rule could file. */
export interface UnfiledMessage {
  readonly id: number;
  readonly kind: string;
  readonly from: string | null;
  readonly subject: string | null;
  readonly date: number;
  /** Customers sharing the sender's address. */
  readonly candidates: readonly number[];
}

/** GET /api/inbox/messages/:id: one message, its HTML already sanitised by the server. */
export interface InboxMessage {
  readonly id: number;
  readonly kind: MessageKind;
  readonly accountId: number | null;
  readonly folder: string;
  readonly messageId: string | null;
  readonly from: { readonly address: string | null; readonly name: string | null };
  readonly to: readonly string[];
  readonly subject: string | null;
  readonly date: number;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachments: readonly { readonly filename: string | null; readonly contentType: string; readonly size: number }[];
  readonly customerId: number | null;
  readonly campaignId: number | null;
  readonly outboxId: number | null;
  readonly filedBy: string | null;
  readonly bounce: { readonly type: 'hard' | 'soft' | null; readonly recipient: string | null; readonly status: string | null; readonly diagnostic: string | null } | null;
  readonly rawSize: number;
}

/** GET /api/inbox/campaigns: what came back to one campaign. */
export interface CampaignCounts {
  readonly campaignId: number;
  readonly name: string;
  readonly channel: 'email' | 'sms';
  readonly replies: number;
  readonly bounces: number;
  readonly autoReplies: number;
  readonly unsubscribes: number;
  readonly lastAt: number;
}

/** GET /api/inbox/campaigns/:id/messages: one entry (no body). */
export interface CampaignMessage {
  readonly id: number;
  readonly kind: string;
  readonly from: string | null;
  readonly subject: string | null;
  readonly date: number;
  readonly customerId: number | null;
  readonly customerName: string | null;
  readonly campaignId: number | null;
  readonly bounceType: 'hard' | 'soft' | null;
  readonly bounceRecipient: string | null;
}

/** The customer fields the picker shows. */
export interface CustomerSummary {
  readonly id: number;
  readonly displayName: string;
  readonly company: string | null;
  readonly emails: readonly string[];
}

export const listUnfiled = (signal?: AbortSignal) => api<UnfiledMessage[]>('/api/inbox/unfiled', { signal });
export const getMessage = (id: number, signal?: AbortSignal) => api<InboxMessage>(`/api/inbox/messages/${id}`, { signal });
export const assignMessage = (id: number, customerId: number) => api<{ id: number; customerId: number }>(`/api/inbox/messages/${id}/assign`, { method: 'POST', body: { customerId } });
export const listCampaignCounts = (signal?: AbortSignal) => api<CampaignCounts[]>(withQuery('/api/inbox/campaigns', { limit: 1000 }), { signal });
export const listCampaignMessages = (id: number, kind: MessageKind | '', signal?: AbortSignal) =>
  api<CampaignMessage[]>(withQuery(`/api/inbox/campaigns/${id}/messages`, { kind }), { signal });
export const getCustomer = (id: number, signal?: AbortSignal) => api<CustomerSummary>(`/api/customers/${id}`, { signal });
export const searchCustomers = (query: string, signal?: AbortSignal) =>
  api<{ items: CustomerSummary[] }>(withQuery('/api/customers', { query, limit: 10 }), { signal }).then((page) => page.items);
