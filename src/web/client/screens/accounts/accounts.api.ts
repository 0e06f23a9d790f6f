// The accounts screens' view of the API: shapes as src/api/schemas/account.schemas.ts and
// src/api/routes/accounts.routes.ts define them, and the calls the screens make.
import { api } from '../../api.js';

export type Security = 'tls' | 'starttls' | 'none';
export type IncomingProtocol = 'imap' | 'pop3';

/** A mail account as the API shows it; passwords are `••••` or null, never the value. */
export interface MailAccount {
  readonly id: number;
  readonly name: string;
  readonly displayName: string;
  readonly email: string;
  readonly replyTo: string | null;
  readonly signatureText: string | null;
  readonly signatureHtml: string | null;
  readonly provider: string | null;
  readonly incoming: {
    readonly protocol: IncomingProtocol;
    readonly host: string;
    readonly port: number;
    readonly security: Security;
    readonly username: string;
    readonly password: string | null;
  } | null;
  readonly leaveCopy: boolean;
  readonly smtp: { readonly host: string; readonly port: number; readonly security: Security; readonly auth: boolean; readonly username: string | null; readonly password: string | null };
  readonly limits: { readonly perSecond: number | null; readonly perMinute: number | null; readonly perHour: number | null; readonly perDay: number | null };
  readonly plusAddressing: boolean;
  readonly tlsVerify: boolean;
  readonly isDefault: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One server as detection proposes it. */
export interface DetectedServer {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
}

export type DetectSource = 'table' | 'autoconfig' | 'ispdb' | 'mx' | 'srv' | 'probe';

/** POST /api/accounts/detect: where the settings came from and the provider's quirks. */
export interface DetectReport {
  readonly address: string;
  readonly provider?: string;
  readonly source: DetectSource;
  readonly imap?: DetectedServer;
  readonly pop3?: DetectedServer;
  readonly smtp?: DetectedServer;
  readonly hints: readonly string[];
}

/** One login test of POST /api/accounts/:id/verify. */
export interface VerifyCheck {
  readonly protocol: 'smtp' | 'imap' | 'pop3';
  readonly server: string;
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
}

export interface VerifyReport {
  readonly account: string;
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
}

/** Incoming server as sent on create/update (the password only when typed). */
export interface IncomingInput {
  readonly protocol: IncomingProtocol;
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  readonly password?: string;
}

export interface SmtpInput {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly auth: boolean;
  readonly username?: string | null;
  readonly password?: string | null;
}

/** POST /api/accounts body (the fields the UI sets). */
export interface MailAccountCreate {
  readonly name: string;
  readonly email: string;
  readonly displayName?: string;
  readonly provider?: string;
  readonly incoming?: IncomingInput;
  readonly smtp: SmtpInput;
  readonly leaveCopy?: boolean;
  readonly tlsVerify: boolean;
}

/** PATCH /api/accounts/:id body: omitted fields stay. */
export interface MailAccountPatch {
  readonly name?: string;
  readonly displayName?: string;
  readonly email?: string;
  readonly replyTo?: string | null;
  readonly signatureText?: string | null;
  readonly provider?: string | null;
  readonly incoming?: Partial<IncomingInput> | null;
  readonly smtp?: Partial<SmtpInput>;
  readonly limits?: Partial<MailAccount['limits']>;
  readonly leaveCopy?: boolean;
  readonly tlsVerify?: boolean;
}

export const listMailAccounts = (signal?: AbortSignal) => api<MailAccount[]>('/api/accounts', { signal });
export const getMailAccount = (id: number, signal?: AbortSignal) => api<MailAccount>(`/api/accounts/${id}`, { signal });
export const createMailAccount = (body: MailAccountCreate) => api<MailAccount>('/api/accounts', { method: 'POST', body });
export const updateMailAccount = (id: number, body: MailAccountPatch) => api<MailAccount>(`/api/accounts/${id}`, { method: 'PATCH', body });
export const deleteMailAccount = (id: number) => api<void>(`/api/accounts/${id}`, { method: 'DELETE' });
export const makeDefaultMailAccount = (id: number) => api<MailAccount>(`/api/accounts/${id}/default`, { method: 'POST', body: {} });
export const detectServers = (address: string, signal?: AbortSignal) => api<DetectReport>('/api/accounts/detect', { method: 'POST', body: { address }, signal });
export const verifyMailAccount = (id: number) => api<VerifyReport>(`/api/accounts/${id}/verify`, { method: 'POST', body: {} });

export type SmsProvider = 'twilio' | 'aliyun' | 'smpp';

/** An SMS account: credential names with masked values. */
export interface SmsAccount {
  readonly id: number;
  readonly name: string;
  readonly provider: SmsProvider;
  readonly credentials: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly senderId: string | null;
  readonly signature: string | null;
  readonly currency: string;
  readonly timeZone: string;
  readonly isDefault: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** POST /api/sms-accounts body. */
export interface SmsAccountCreate {
  readonly provider: SmsProvider;
  readonly name: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly senderId?: string;
  readonly signature?: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly isDefault: boolean;
}

export const listSmsAccounts = (signal?: AbortSignal) => api<SmsAccount[]>('/api/sms-accounts', { signal });
export const createSmsAccount = (body: SmsAccountCreate) => api<SmsAccount>('/api/sms-accounts', { method: 'POST', body });
export const deleteSmsAccount = (id: number) => api<void>(`/api/sms-accounts/${id}`, { method: 'DELETE' });
export const makeDefaultSmsAccount = (id: number) => api<SmsAccount>(`/api/sms-accounts/${id}/default`, { method: 'POST', body: {} });
