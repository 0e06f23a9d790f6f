import type { MailAccount, TlsOptions } from './mail-account.loader.js';
import type { ParsedMailAccountInput } from './mail-account.schema.js';

/**
 * The settings someone is about to save, shaped like a stored account so they can be verified
 * before anything is stored (the add-mailbox wizard's "Verify"). SMTP borrows the incoming user
 * name and password when it has none of its own, as a stored account does.
 */
export function draftMailAccount(input: ParsedMailAccountInput): MailAccount {
  const tls: TlsOptions = { rejectUnauthorized: input.tlsVerify };
  const incoming = input.incoming;
  const smtpUser = input.smtp.username ?? incoming?.username;
  const smtpPass = input.smtp.password ?? incoming?.password;
  return {
    id: 0,
    name: input.name,
    displayName: input.displayName || input.email.slice(0, input.email.indexOf('@')),
    email: input.email,
    replyTo: input.replyTo ?? input.email,
    signature: { text: input.signatureText ?? null, html: input.signatureHtml ?? null },
    provider: input.provider ?? null,
    smtp: {
      host: input.smtp.host.toLowerCase(),
      port: input.smtp.port,
      security: input.smtp.security,
      auth: input.smtp.auth && smtpUser && smtpPass ? { user: smtpUser, pass: smtpPass } : undefined,
      tls,
    },
    incoming: incoming
      ? {
          protocol: incoming.protocol,
          host: incoming.host.toLowerCase(),
          port: incoming.port,
          security: incoming.security,
          username: incoming.username,
          password: incoming.password,
          leaveCopy: input.leaveCopy,
          tls,
        }
      : undefined,
    limits: {
      perSecond: input.limits.perSecond ?? null,
      perMinute: input.limits.perMinute ?? null,
      perHour: input.limits.perHour ?? null,
      perDay: input.limits.perDay ?? null,
    },
    plusAddressing: input.plusAddressing,
    isDefault: false,
  };
}
