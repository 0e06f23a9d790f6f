import { z } from 'zod';

const Security = z.enum(['tls', 'starttls', 'none'], { message: 'expected tls, starttls or none' });
const Port = z.number().int().min(1).max(65535);
const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|[0-9a-f:]+)$/i, 'expected a host name or IP address');
const Password = z.string().min(1).max(1024);
const Limit = z.number().int().positive().nullable().optional();

/** The account's short handle: letters (any script), digits, dot, dash, underscore. */
export const AccountNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'expected letters, digits, ".", "-" or "_", e.g. 163 or sales-li');

/** Incoming server settings (IMAP or POP3). */
export const IncomingServerSchema = z.object({
  protocol: z.enum(['imap', 'pop3']),
  host: Host,
  port: Port,
  security: Security,
  username: z.string().min(1).max(320),
  /** Optional: when absent it must be supplied every time mail is fetched. */
  password: Password.optional(),
});

/** Outgoing SMTP server settings. */
export const SmtpServerSchema = z.object({
  host: Host,
  port: Port,
  security: Security,
  /** Whether the server needs ESMTP AUTH. */
  auth: z.boolean().default(true),
  /** Absent: log in with the incoming server's user name and password. */
  username: z.string().min(1).max(320).optional(),
  password: Password.optional(),
});

/** Per-account sending limits; null or absent means no limit at that scale. */
export const SendingLimitsSchema = z.object({
  perSecond: Limit,
  perMinute: Limit,
  perHour: Limit,
  perDay: Limit,
});

/** Everything needed to create a mail account. Passwords are plaintext here and sealed on save. */
export const MailAccountInputSchema = z
  .object({
    name: AccountNameSchema,
    /** The sender's display name; defaults to the name part of the address. */
    displayName: z.string().trim().max(200).optional(),
    email: z.email({ message: 'expected an email address' }).transform((e) => e.trim().toLowerCase()),
    /** Defaults to the email address; may point to a shared inbox. */
    replyTo: z.email({ message: 'expected an email address' }).optional(),
    signatureText: z.string().max(10_000).optional(),
    signatureHtml: z.string().max(50_000).optional(),
    provider: z.string().max(64).optional(),
    incoming: IncomingServerSchema.optional(),
    /** POP3: leave a copy of fetched mail on the server. */
    leaveCopy: z.boolean().default(true),
    smtp: SmtpServerSchema,
    limits: SendingLimitsSchema.default({}),
    plusAddressing: z.boolean().default(false),
    /** Verify TLS certificates (turn off only for on-premises servers with self-signed certificates). */
    tlsVerify: z.boolean().default(true),
    /** Make this the default sending account (the first account always becomes the default). */
    isDefault: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.smtp.auth && !input.smtp.password && !input.incoming?.password) {
      ctx.addIssue({
        code: 'custom',
        path: ['smtp', 'password'],
        message: 'SMTP needs authentication: give an SMTP password, or an incoming password it can reuse',
      });
    }
    if (input.smtp.auth && !input.smtp.username && !input.incoming) {
      ctx.addIssue({ code: 'custom', path: ['smtp', 'username'], message: 'SMTP needs a user name when there is no incoming server' });
    }
  });

export type MailAccountInput = z.input<typeof MailAccountInputSchema>;
export type ParsedMailAccountInput = z.output<typeof MailAccountInputSchema>;

/**
 * A change to an account. Omitted fields stay as they are; `incoming`/`smtp`/`limits` are merged
 * field by field; a password set to null is removed, omitted is kept.
 */
export const MailAccountPatchSchema = z.object({
  name: AccountNameSchema.optional(),
  displayName: z.string().trim().max(200).optional(),
  email: z.email().transform((e) => e.trim().toLowerCase()).optional(),
  replyTo: z.email().nullable().optional(),
  signatureText: z.string().max(10_000).nullable().optional(),
  signatureHtml: z.string().max(50_000).nullable().optional(),
  provider: z.string().max(64).nullable().optional(),
  incoming: IncomingServerSchema.extend({ password: Password.nullable().optional() }).partial().nullable().optional(),
  leaveCopy: z.boolean().optional(),
  smtp: SmtpServerSchema.extend({
    auth: z.boolean().optional(),
    username: z.string().min(1).max(320).nullable().optional(),
    password: Password.nullable().optional(),
  })
    .partial()
    .optional(),
  limits: SendingLimitsSchema.partial().optional(),
  plusAddressing: z.boolean().optional(),
  tlsVerify: z.boolean().optional(),
});

export type MailAccountPatch = z.input<typeof MailAccountPatchSchema>;
