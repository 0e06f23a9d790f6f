// The accounts screens' view of the API: shapes generated from src/api/schemas/account.schemas.ts
// and src/api/routes/accounts.routes.ts, and the calls the screens make.
import { api } from '../../api.js';
import type { ApiBody, ApiResponse, Item } from '../../api/shapes.js';

/** A mail account as the API shows it; passwords are `••••` or null, never the value. */
export type MailAccount = ApiResponse<'/api/accounts/{id}'>;
export type Security = MailAccount['smtp']['security'];
export type IncomingProtocol = NonNullable<MailAccount['incoming']>['protocol'];

/** POST /api/accounts/detect: where the settings came from and the provider's quirks. */
export type DetectReport = ApiResponse<'/api/accounts/detect', 'post'>;
/** One server as detection proposes it. */
export type DetectedServer = NonNullable<DetectReport['smtp']>;
export type DetectSource = DetectReport['source'];

/** POST /api/accounts/:id/verify: one login test per server. */
export type VerifyReport = ApiResponse<'/api/accounts/{id}/verify', 'post'>;
export type VerifyCheck = Item<VerifyReport['checks']>;

/** POST /api/accounts body. */
export type MailAccountCreate = ApiBody<'/api/accounts', 'post'>;
/** Incoming server as sent on create/update (the password only when typed). */
export type IncomingInput = NonNullable<MailAccountCreate['incoming']>;
export type SmtpInput = MailAccountCreate['smtp'];
/** PATCH /api/accounts/:id body: omitted fields stay. */
export type MailAccountPatch = ApiBody<'/api/accounts/{id}', 'patch'>;

export const listMailAccounts = (signal?: AbortSignal) => api<MailAccount[]>('/api/accounts', { signal });
export const getMailAccount = (id: number, signal?: AbortSignal) => api<MailAccount>(`/api/accounts/${id}`, { signal });
export const createMailAccount = (body: MailAccountCreate) => api<MailAccount>('/api/accounts', { method: 'POST', body });
export const updateMailAccount = (id: number, body: MailAccountPatch) => api<MailAccount>(`/api/accounts/${id}`, { method: 'PATCH', body });
export const deleteMailAccount = (id: number) => api<void>(`/api/accounts/${id}`, { method: 'DELETE' });
export const makeDefaultMailAccount = (id: number) => api<MailAccount>(`/api/accounts/${id}/default`, { method: 'POST', body: {} });
export const detectServers = (address: string, signal?: AbortSignal) => api<DetectReport>('/api/accounts/detect', { method: 'POST', body: { address }, signal });
export const verifyMailAccount = (id: number) => api<VerifyReport>(`/api/accounts/${id}/verify`, { method: 'POST', body: {} });
/** POST /api/accounts/verify: logs in with settings that are not saved; nothing is stored. */
export type MailAccountDraft = ApiBody<'/api/accounts/verify', 'post'>;
export const verifyMailAccountDraft = (body: MailAccountDraft) => api<VerifyReport>('/api/accounts/verify', { method: 'POST', body });
/** The stored result of a mailbox's last login test. */
export type MailCheck = NonNullable<MailAccount['lastCheck']>;
/** Admins: give a mailbox to a user (their personal mailbox) or make it shared (null). */
export const setMailAccountOwner = (id: number, ownerUserId: number | null) =>
  api<MailAccount>(`/api/accounts/${id}/owner`, { method: 'PATCH', body: { ownerUserId } });

/** A user as the admin's owner picker lists them. */
export type UserSummary = Item<ApiResponse<'/api/users'>>;
export const listUsers = (signal?: AbortSignal) => api<UserSummary[]>('/api/users', { signal });

/** An SMS account: credential names with masked values. */
export type SmsAccount = Item<ApiResponse<'/api/sms-accounts'>>;
export type SmsProvider = SmsAccount['provider'];
/**
 * POST /api/sms-accounts body. The schema has one credentials shape per provider; the form builds
 * them from PROVIDER_FIELDS, so here they are any named strings and the server checks the shape.
 */
export type SmsAccountCreate = Omit<ApiBody<'/api/sms-accounts', 'post'>, 'credentials'> & { readonly credentials: Readonly<Record<string, string>> };

export const listSmsAccounts = (signal?: AbortSignal) => api<SmsAccount[]>('/api/sms-accounts', { signal });
export const createSmsAccount = (body: SmsAccountCreate) => api<SmsAccount>('/api/sms-accounts', { method: 'POST', body });
export type SmsAccountPatch = ApiBody<'/api/sms-accounts/{id}', 'patch'>;
export type SmsTestResult = ApiResponse<'/api/sms-accounts/{id}/test-message', 'post'>;
export const getSmsAccount = (id: number, signal?: AbortSignal) => api<SmsAccount>(`/api/sms-accounts/${id}`, { signal });
/** PATCH /api/sms-accounts/:id: credentials left out keep the stored ones. */
export const updateSmsAccount = (id: number, body: SmsAccountPatch) => api<SmsAccount>(`/api/sms-accounts/${id}`, { method: 'PATCH', body });
/** POST /api/sms-accounts/:id/test-message: one message, billed like any. */
export const sendTestSms = (id: number, body: { to: string; text: string }) => api<SmsTestResult>(`/api/sms-accounts/${id}/test-message`, { method: 'POST', body });
export const deleteSmsAccount = (id: number) => api<void>(`/api/sms-accounts/${id}`, { method: 'DELETE' });
export const makeDefaultSmsAccount = (id: number) => api<SmsAccount>(`/api/sms-accounts/${id}/default`, { method: 'POST', body: {} });
/** POST /api/sms-accounts/:id/webhook-token: the new callback links, token included; shown once. */
export type SmsWebhookLink = ApiResponse<'/api/sms-accounts/{id}/webhook-token', 'post'>;
export const newSmsWebhookLink = (id: number) => api<SmsWebhookLink>(`/api/sms-accounts/${id}/webhook-token`, { method: 'POST', body: {} });
