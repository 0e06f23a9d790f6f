import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/accounts. */
export const accountsErrors = defineErrors({
  ACCOUNT_PASSWORD_REQUIRED: {
    retryable: false,
    http: 400,
    description:
      'The account stores no incoming (IMAP/POP3) password, so one must be supplied when fetching mail. Enter the password for this fetch, or store it with the mailbox (web: edit the mailbox; CLI: `tidings account update <name> --password-stdin`).',
  },
  ACCOUNT_AUTODETECT_MISS: {
    retryable: false,
    http: 404,
    description:
      'No server settings could be found for the address (bundled table, autoconfig, ISPDB, MX, SRV and probing all failed). Enter the servers yourself (web: "Enter servers yourself"; CLI: --imap-host/--pop3-host and --smtp-host).',
  },
  ACCOUNT_AUTH_FAILED: {
    retryable: false,
    http: 422,
    description:
      'The mail server (named in the message as host:port) refused the user name or password. Check both; many providers (QQ, 163, 126, Sina…) need an authorization code (授权码) and Gmail/Yahoo/iCloud an app password instead of the web password.',
  },
  ACCOUNT_CONNECT_FAILED: {
    retryable: true,
    http: 502,
    description:
      'The mail server (named in the message) could not be reached, timed out, or the TLS handshake failed. Check host, port and security (tls/starttls/none), firewalls, and the certificate.',
  },
  ACCOUNT_MAILBOX_EXISTS: {
    retryable: false,
    http: 409,
    description:
      'This address is already connected for the same owner (one mailbox per address per person, and one shared one). Open the existing mailbox (named in the message; its id is in the context) to change its settings or password instead of adding it again.',
  },
  ACCOUNT_DKIM_KEY_INVALID: {
    retryable: false,
    http: 400,
    description:
      'The DKIM key given to `tidings account dkim import` is not usable: not an unencrypted PEM private key, not RSA, or shorter than 1024 bits (receivers ignore those). Convert it with `openssl pkey -in old.pem -out key.pem`, or let Tidings create one with `tidings account dkim generate`.',
  },
  SMS_WEBHOOK_UNAUTHENTICATED: {
    retryable: false,
    http: 401,
    description:
      'An SMS provider callback (delivery receipt or inbound message) was refused: its URL lacks the right webhook token, or the account has no token yet. Create a new webhook link (web UI: SMS accounts → New webhook link; CLI: `tidings sms-account rotate-webhook-token <name>`) and paste it into the provider console.',
  },
  SMS_WEBHOOK_TOKEN_UNSUPPORTED: {
    retryable: false,
    http: 400,
    description:
      'This SMS account has no webhook token to renew: Twilio signs its callbacks with the auth token (X-Twilio-Signature) and SMPP reports over its own connection. Only Aliyun and Tencent Cloud callback links carry a token.',
  },
});

type AccountsErrors = typeof accountsErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends AccountsErrors {}
}
