// The inbox screens' view of the API: shapes generated from the routes' schemas
// (src/api/routes/inbox.routes.ts, inbox-campaigns.routes.ts), plus the customer search the assign picker uses.
import { api, withQuery } from '../../api.js';
import type { ApiResponse, Item } from '../../api/shapes.js';

/** GET /api/inbox/messages/:id: one message, its HTML already sanitised by the server. */
export type InboxMessage = ApiResponse<'/api/inbox/messages/{id}'>;
export type MessageKind = InboxMessage['kind'];
export const MESSAGE_KINDS = ['reply', 'bounce', 'auto-reply', 'unsubscribe', 'complaint', 'other'] as const satisfies readonly MessageKind[];

/** GET /api/inbox/unfiled: a message no rule could file; `candidates` share the sender's address. */
export type UnfiledMessage = Item<ApiResponse<'/api/inbox/unfiled'>>;
/** GET /api/inbox/campaigns: what came back to one campaign. */
export type CampaignCounts = Item<ApiResponse<'/api/inbox/campaigns'>>;
/** GET /api/inbox/campaigns/:id/messages: one entry (no body). */
export type CampaignMessage = Item<ApiResponse<'/api/inbox/campaigns/{id}/messages'>>;
/** The customer fields the picker shows. */
export type CustomerSummary = Pick<ApiResponse<'/api/customers/{id}'>, 'id' | 'displayName' | 'company' | 'emails'>;

export const listUnfiled = (signal?: AbortSignal) => api<UnfiledMessage[]>('/api/inbox/unfiled', { signal });
export const getMessage = (id: number, signal?: AbortSignal) => api<InboxMessage>(`/api/inbox/messages/${id}`, { signal });
export const assignMessage = (id: number, customerId: number) => api<ApiResponse<'/api/inbox/messages/{id}/assign', 'post'>>(`/api/inbox/messages/${id}/assign`, { method: 'POST', body: { customerId } });
/** POST /api/inbox/messages/:id/confirm: a person confirms an unverified bounce or unsubscribe; its suppression is applied. */
export const confirmEffect = (id: number) => api<ApiResponse<'/api/inbox/messages/{id}/confirm', 'post'>>(`/api/inbox/messages/${id}/confirm`, { method: 'POST' });
export const listCampaignCounts = (signal?: AbortSignal) => api<CampaignCounts[]>(withQuery('/api/inbox/campaigns', { limit: 1000 }), { signal });
export const listCampaignMessages = (id: number, kind: MessageKind | '', signal?: AbortSignal) =>
  api<CampaignMessage[]>(withQuery(`/api/inbox/campaigns/${id}/messages`, { kind }), { signal });
export const getCustomer = (id: number, signal?: AbortSignal) => api<CustomerSummary>(`/api/customers/${id}`, { signal });
export const searchCustomers = (query: string, signal?: AbortSignal) =>
  api<{ items: CustomerSummary[] }>(withQuery('/api/customers', { query, limit: 10 }), { signal }).then((page) => page.items);
