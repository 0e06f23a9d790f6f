// The add-mailbox wizard's draft: what the person typed and what detection proposed, kept as
// strings until it is turned into an API body, so a half-typed port is never lost.
import type { DetectReport, IncomingProtocol, MailAccountCreate, Security } from '../accounts.api.js';

/** One server as the form holds it. */
export interface ServerDraft {
  readonly host: string;
  readonly port: string;
  readonly security: Security;
  readonly username: string;
}

/** Where the server settings came from: detection (with its report), or typed by hand. */
export type Detection =
  | { readonly status: 'manual' }
  | { readonly status: 'found'; readonly report: DetectReport }
  | { readonly status: 'miss' }
  | { readonly status: 'failed'; readonly error: unknown };

export interface WizardDraft {
  readonly email: string;
  readonly displayName: string;
  readonly detection: Detection;
  readonly incomingProtocol: IncomingProtocol | 'none';
  readonly incoming: ServerDraft;
  readonly smtp: ServerDraft & { readonly auth: boolean };
  readonly tlsVerify: boolean;
  readonly leaveCopy: boolean;
  readonly password: string;
  readonly separateSmtpPassword: boolean;
  readonly smtpPassword: string;
  readonly name: string;
  readonly replyTo: string;
  readonly signature: string;
  /** The HTML signature (HTML emails); the text one is for every email. */
  readonly signatureHtml: string;
  readonly makeDefault: boolean;
}

export const EMPTY_DRAFT: WizardDraft = {
  email: '',
  displayName: '',
  detection: { status: 'manual' },
  incomingProtocol: 'imap',
  incoming: { host: '', port: '993', security: 'tls', username: '' },
  smtp: { host: '', port: '465', security: 'tls', username: '', auth: true },
  tlsVerify: true,
  leaveCopy: true,
  password: '',
  separateSmtpPassword: false,
  smtpPassword: '',
  name: '',
  replyTo: '',
  signature: '',
  signatureHtml: '',
  makeDefault: false,
};

/** The usual port of a protocol with a given transport security. */
export function defaultPort(protocol: IncomingProtocol | 'smtp', security: Security): string {
  if (protocol === 'smtp') return security === 'tls' ? '465' : security === 'starttls' ? '587' : '25';
  if (protocol === 'imap') return security === 'tls' ? '993' : '143';
  return security === 'tls' ? '995' : '110';
}

/** Loose check of an address before asking the server (which checks properly). */
export const looksLikeAddress = (text: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());

/** The domain part of an address, for "looking up example.com…". */
export const domainOf = (address: string): string => address.trim().slice(address.trim().lastIndexOf('@') + 1);

/**
 * A default account handle from the address: the API allows letters, digits, ".", "-" and "_",
 * starting with a letter or digit, at most 64 characters.
 */
export function nameFromAddress(address: string): string {
  const cleaned = address
    .trim()
    .toLowerCase()
    .replace('@', '-')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 64);
  return cleaned || 'mailbox';
}

/** Fills the servers from a detection report (IMAP preferred over POP3, as the poller prefers it). */
export function applyDetection(draft: WizardDraft, report: DetectReport): WizardDraft {
  const incoming = report.imap ?? report.pop3;
  const protocol: WizardDraft['incomingProtocol'] = report.imap ? 'imap' : report.pop3 ? 'pop3' : 'none';
  return {
    ...draft,
    detection: { status: 'found', report },
    incomingProtocol: protocol,
    incoming: incoming ? { host: incoming.host, port: String(incoming.port), security: incoming.security, username: incoming.username } : { ...draft.incoming, username: draft.email.trim() },
    smtp: report.smtp
      ? { host: report.smtp.host, port: String(report.smtp.port), security: report.smtp.security, username: incoming && incoming.username === report.smtp.username ? '' : report.smtp.username, auth: true }
      : draft.smtp,
  };
}

/** Servers left for the person to type (detection found nothing, or they chose to). */
export function manualServers(draft: WizardDraft, detection: Detection): WizardDraft {
  const email = draft.email.trim();
  const keep = draft.detection.status === 'found' ? EMPTY_DRAFT : draft;
  return {
    ...draft,
    detection,
    incomingProtocol: keep.incomingProtocol,
    incoming: { ...keep.incoming, username: keep.incoming.username || email },
    smtp: keep.smtp,
  };
}

/** Field-level problems of the servers step, as message keys with the field they concern. */
export function serverProblems(draft: WizardDraft): { field: 'incoming.host' | 'incoming.port' | 'incoming.username' | 'smtp.host' | 'smtp.port'; problem: 'required' | 'badPort' }[] {
  const problems: ReturnType<typeof serverProblems> = [];
  const port = (text: string) => /^\d{1,5}$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 65535;
  if (draft.incomingProtocol !== 'none') {
    if (!draft.incoming.host.trim()) problems.push({ field: 'incoming.host', problem: 'required' });
    if (!port(draft.incoming.port)) problems.push({ field: 'incoming.port', problem: 'badPort' });
    if (!draft.incoming.username.trim()) problems.push({ field: 'incoming.username', problem: 'required' });
  }
  if (!draft.smtp.host.trim()) problems.push({ field: 'smtp.host', problem: 'required' });
  if (!port(draft.smtp.port)) problems.push({ field: 'smtp.port', problem: 'badPort' });
  return problems;
}

function incomingBody(draft: WizardDraft) {
  if (draft.incomingProtocol === 'none') return undefined;
  return {
    protocol: draft.incomingProtocol,
    host: draft.incoming.host.trim(),
    port: Number(draft.incoming.port),
    security: draft.incoming.security,
    username: draft.incoming.username.trim(),
    password: draft.password,
  };
}

function smtpBody(draft: WizardDraft) {
  const sendOnly = draft.incomingProtocol === 'none';
  const ownPassword = draft.smtp.auth && (sendOnly || draft.separateSmtpPassword);
  const username = draft.smtp.username.trim() || (sendOnly ? draft.email.trim() : '');
  return {
    host: draft.smtp.host.trim(),
    port: Number(draft.smtp.port),
    security: draft.smtp.security,
    auth: draft.smtp.auth,
    ...(draft.smtp.auth && username ? { username } : {}),
    ...(ownPassword ? { password: sendOnly && !draft.separateSmtpPassword ? draft.password : draft.smtpPassword } : {}),
  };
}

/** The settings as the API takes them: POST /api/accounts/verify (nothing saved) and the base of the create body. */
export function createBody(draft: WizardDraft): MailAccountCreate {
  const incoming = incomingBody(draft);
  const provider = draft.detection.status === 'found' ? draft.detection.report.provider : undefined;
  return {
    name: draft.name.trim() || nameFromAddress(draft.email),
    email: draft.email.trim(),
    ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
    ...(provider ? { provider } : {}),
    ...(incoming ? { incoming } : {}),
    smtp: smtpBody(draft),
    ...(draft.incomingProtocol === 'pop3' ? { leaveCopy: draft.leaveCopy } : {}),
    tlsVerify: draft.tlsVerify,
  };
}

/**
 * POST /api/accounts body of the last step: the servers, the handle and presentation, in one
 * create; the server logs in first and stores the result with the mailbox.
 */
export function finishBody(draft: WizardDraft, mayChooseDefault: boolean): MailAccountCreate {
  return {
    ...createBody(draft),
    ...(draft.replyTo.trim() ? { replyTo: draft.replyTo.trim() } : {}),
    ...(draft.signature.trim() ? { signatureText: draft.signature.trim() } : {}),
    ...(draft.signatureHtml.trim() ? { signatureHtml: draft.signatureHtml.trim() } : {}),
    ...(mayChooseDefault && draft.makeDefault ? { isDefault: true } : {}),
    verify: true,
  };
}
