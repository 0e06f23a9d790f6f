// The rep's side of the customers screens: one-off preview and sender, a customer's suppressions.
import { api } from '../../api.js';
import type { ApiBody, ApiResponse, Item } from '../../api/shapes.js';

/** POST /api/send: the one-off as started, with who was skipped and why. */
export type OneoffSent = ApiResponse<'/api/send', 'post'>;
export type Skipped = Item<OneoffSent['skipped']>;
/** POST /api/send/preview: the one-off rendered for one customer, with their merge fields. */
export type OneoffPreview = ApiResponse<'/api/send/preview', 'post'>;
export type PreviewBody = ApiBody<'/api/send/preview', 'post'>;
/** GET /api/send/from: the mailbox one-offs go out from. */
export type Sender = NonNullable<ApiResponse<'/api/send/from'>['from']>;
/** GET /api/customers/:id/suppressions. */
export type CustomerSuppression = Item<ApiResponse<'/api/customers/{id}/suppressions'>>;

export const previewOneoff = (body: PreviewBody, signal?: AbortSignal) => api<OneoffPreview>('/api/send/preview', { body, signal });
export const oneoffFrom = (signal?: AbortSignal) => api<ApiResponse<'/api/send/from'>>('/api/send/from', { signal });
export const customerSuppressions = (id: number, signal?: AbortSignal) => api<CustomerSuppression[]>(`/api/customers/${id}/suppressions`, { signal });
