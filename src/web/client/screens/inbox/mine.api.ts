// "My inbox" and answering a message: the rep's view of the inbox API (src/http/routes/rep.routes.ts).
import { api, withQuery } from '../../api.js';
import type { ApiResponse, Item } from '../../api/shapes.js';

/** GET /api/inbox/mine: what came back to the caller's letters, unread marked. */
export type MyInboxEntry = Item<ApiResponse<'/api/inbox/mine'>>;
/** GET /api/send/mine: the caller's one-offs with their counts. */
export type MyOneoff = Item<ApiResponse<'/api/send/mine'>>;
/** POST /api/inbox/messages/:id/reply. */
export type ReplyResult = ApiResponse<'/api/inbox/messages/{id}/reply', 'post'>;

export const listMyInbox = (signal?: AbortSignal) => api<MyInboxEntry[]>(withQuery('/api/inbox/mine', { limit: 200 }), { signal });
export const listMySent = (signal?: AbortSignal) => api<MyOneoff[]>(withQuery('/api/send/mine', { limit: 100 }), { signal });
export const replyTo = (id: number, text: string) => api<ReplyResult>(`/api/inbox/messages/${id}/reply`, { body: { text } });
export const forwardTo = (id: number, customerId: number, text: string) => api<ReplyResult>(`/api/inbox/messages/${id}/reply`, { body: { text, forwardTo: customerId } });
