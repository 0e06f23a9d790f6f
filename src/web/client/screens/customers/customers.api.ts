import { api, withQuery } from '../../api.js';

/** A customer as GET /api/customers returns it. */
export interface Customer {
  readonly id: number;
  readonly familyName: string | null;
  readonly givenName: string | null;
  readonly displayName: string;
  readonly title: string | null;
  readonly gender: 'female' | 'male' | 'other' | null;
  readonly company: string | null;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly birthday: { readonly month: number; readonly day: number; readonly year: number | null } | null;
  readonly timeZone: string | null;
  readonly language: string | null;
  readonly owner: string | null;
  readonly custom: Readonly<Record<string, string | number | boolean>>;
  readonly notes: string | null;
  readonly locked: boolean;
  readonly groupIds: readonly number[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CustomerPage {
  readonly items: readonly Customer[];
  readonly nextCursor: string | null;
}

/** A group or saved filter of GET /api/groups (parents before children). */
export interface Group {
  readonly id: number;
  readonly name: string;
  readonly parentId: number | null;
  readonly path: string;
  readonly depth: number;
  readonly kind: 'static' | 'filter';
}

export interface CustomField {
  readonly name: string;
  readonly type: 'text' | 'number' | 'date' | 'boolean';
  readonly label: string | null;
}

/** Who a message would go to; the parts are a union, nothing at all means everybody. */
export interface AudienceSelection {
  readonly customerIds?: readonly number[];
  readonly groupIds?: readonly number[];
  readonly filterIds?: readonly number[];
  readonly filter?: Readonly<Record<string, unknown>>;
}

export interface AudiencePreview {
  readonly channel: 'email' | 'sms';
  readonly everybody: boolean;
  readonly total: number;
  readonly reachable: number;
  readonly suppressed: number;
  readonly noAddress: number;
}

export interface TimelineEntry {
  readonly direction: 'out' | 'in';
  readonly id: number;
  readonly at: number;
  readonly channel: 'email' | 'sms';
  readonly campaignId: number | null;
  readonly subject: string | null;
  readonly address: string | null;
  readonly status: string;
  readonly preview: string | null;
}

export interface ImportError {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export interface ImportResult {
  readonly imported: number;
  readonly updated: number;
  readonly skipped: number;
  readonly failed: number;
  readonly errors: readonly ImportError[];
  readonly errorsTruncated: boolean;
  readonly ignoredColumns: readonly string[];
  readonly columns: readonly { readonly header: string; readonly target: string }[];
  readonly encoding: string;
  readonly dryRun: boolean;
}

export interface MailAccount {
  readonly id: number;
  readonly name: string;
  readonly displayName: string;
  readonly email: string;
  readonly isDefault: boolean;
}

export interface Template {
  readonly id: number;
  readonly name: string;
  readonly channel: 'email' | 'sms';
  readonly currentVersion: number;
}

export interface CampaignProgress {
  readonly status: string;
  readonly total: number;
  readonly counts: Readonly<Partial<Record<string, number>>>;
  readonly remaining: number;
  readonly materialized: boolean;
}

export interface CampaignDetail {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly progress: CampaignProgress;
}

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
export const patchCustomer = (id: number, body: Record<string, unknown>) => api<Customer>(`/api/customers/${id}`, { method: 'PATCH', body });
export const createCustomer = (body: Record<string, unknown>) => api<Customer>('/api/customers', { method: 'POST', body });
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
export interface OneOffBody {
  readonly customerIds: readonly number[];
  readonly template?: number;
  readonly subject?: string;
  readonly text?: string;
  readonly mailAccount?: number;
  readonly tracking: boolean;
}

export const sendOneOff = (body: OneOffBody) => api<CampaignDetail>('/api/send', { body });

/** The download address of the customers matching a list query (CSV with a BOM so Excel reads Chinese). */
export const exportHref = (q: ListQuery) =>
  withQuery('/api/customers/export', { bom: true, query: q.query, groupId: q.groupId, filter: q.filter ? JSON.stringify(q.filter) : undefined });
