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
/** POST /api/inbox/messages/:id/forward: to any addresses (a colleague, a manager). */
export type ForwardResult = ApiResponse<'/api/inbox/messages/{id}/forward', 'post'>;
export const forwardToAddresses = (id: number, to: readonly string[], text: string) => api<ForwardResult>(`/api/inbox/messages/${id}/forward`, { body: { to: [...to], text } });

/** The addresses typed in one field, separated by commas, semicolons or spaces. */
export const addressesIn = (typed: string): string[] => typed.split(/[\s,;，；]+/).filter(Boolean);
/** A light check for the send button; the server validates properly and says what is wrong. */
export const looksLikeAddresses = (list: readonly string[]): boolean => list.length > 0 && list.length <= 5 && list.every((a) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a));
