import { api, withQuery } from '../../api.js';
import type { ApiBody, ApiResponse, Item } from '../../api/shapes.js';

/** A customer as GET /api/customers/{id} returns it. */
export type Customer = ApiResponse<'/api/customers/{id}'>;
export type CustomerPage = ApiResponse<'/api/customers'>;
/** A group or saved filter of GET /api/groups (parents before children). */
export type Group = Item<ApiResponse<'/api/groups'>>;
export type CustomField = Item<ApiResponse<'/api/customer-fields'>>;
/** Who a message would go to; the parts are a union, nothing at all means everybody. */
export type AudienceSelection = NonNullable<ApiBody<'/api/audience/preview', 'post'>['selection']>;
export type AudiencePreview = ApiResponse<'/api/audience/preview', 'post'>;
/** One entry of the customer's mail and SMS history: `id` is the outbox row (out) or the inbox message (in). */
export type TimelineEntry = Item<ApiResponse<'/api/customers/{id}/timeline'>>;
export type ImportResult = ApiResponse<'/api/customers/import', 'post'>;
export type ImportError = Item<ImportResult['errors']>;
export type MailAccount = Item<ApiResponse<'/api/accounts'>>;
export type Template = Item<ApiResponse<'/api/templates'>>;
export type CampaignDetail = ApiResponse<'/api/campaigns/{id}'>;
export type CampaignProgress = CampaignDetail['progress'];
export type CustomerChanges = ApiBody<'/api/customers/{id}', 'patch'>;
export type NewCustomer = ApiBody<'/api/customers', 'post'>;

/** What the list shows: a search, a group or saved filter, and a filter expression. */
export interface ListQuery {
  readonly query?: string;
  readonly groupId?: number;
  readonly filter?: Readonly<Record<string, unknown>>;
}

export const listCustomers = (q: ListQuery, cursor: string | undefined, signal?: AbortSignal) =>
  api<CustomerPage>(
    withQuery('/api/customers', { query: q.query, groupId: q.groupId, filter: q.filter ? JSON.stringify(q.filter) : undefined, cursor, limit: 50 }),
    { signal },
  );

export const getCustomer = (id: number, signal?: AbortSignal) => api<Customer>(`/api/customers/${id}`, { signal });
export const patchCustomer = (id: number, body: CustomerChanges) => api<Customer>(`/api/customers/${id}`, { method: 'PATCH', body });
export const createCustomer = (body: NewCustomer) => api<Customer>('/api/customers', { method: 'POST', body });
export const deleteCustomer = (id: number) => api<undefined>(`/api/customers/${id}`, { method: 'DELETE' });
export const setMembership = (id: number, groupId: number, member: boolean) =>
  api<unknown>(`/api/customers/${id}/groups/${groupId}`, { method: member ? 'PUT' : 'DELETE' });
export const listGroups = (signal?: AbortSignal) => api<Group[]>('/api/groups', { signal });
export const listCustomFields = (signal?: AbortSignal) => api<CustomField[]>('/api/customer-fields', { signal });
export const customerTimeline = (id: number, signal?: AbortSignal) => api<TimelineEntry[]>(`/api/customers/${id}/timeline`, { signal });
export const previewAudience = (channel: 'email' | 'sms', selection: AudienceSelection, signal?: AbortSignal) =>
  api<AudiencePreview>('/api/audience/preview', { body: { channel, selection }, signal });
export const listMailAccounts = (signal?: AbortSignal) => api<MailAccount[]>('/api/accounts', { signal });
export const listEmailTemplates = (signal?: AbortSignal) => api<Template[]>('/api/templates?channel=email', { signal });
export const getCampaign = (id: number, signal?: AbortSignal) => api<CampaignDetail>(`/api/campaigns/${id}`, { signal });

/** Options of a CSV import; `map` holds `header=target` pairs. */
export interface ImportOptions {
  readonly dryRun: boolean;
  readonly encoding: string;
  readonly onDuplicate: 'skip' | 'update';
  readonly group?: string;
  readonly map: readonly string[];
}

export function importCsv(file: Blob, options: ImportOptions): Promise<ImportResult> {
  const params = new URLSearchParams({ dryRun: String(options.dryRun), encoding: options.encoding, onDuplicate: options.onDuplicate, maxErrors: '1000' });
  if (options.group) params.set('group', options.group);
  for (const pair of options.map) params.append('map', pair);
  return api<ImportResult>(`/api/customers/import?${params}`, { rawBody: file, contentType: 'text/csv' });
}

/** A one-off email: a template, or a subject and text written now. */
export type OneOffBody = ApiBody<'/api/send', 'post'>;

export const sendOneOff = (body: OneOffBody) => api<ApiResponse<'/api/send', 'post'>>('/api/send', { body });

/** The download address of the customers matching a list query (CSV with a BOM so Excel reads Chinese). */
export const exportHref = (q: ListQuery) =>
  withQuery('/api/customers/export', { bom: true, query: q.query, groupId: q.groupId, filter: q.filter ? JSON.stringify(q.filter) : undefined });
