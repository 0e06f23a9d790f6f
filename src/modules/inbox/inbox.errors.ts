import type { ErrorTable } from '../../platform/errors/error-table.js';

/** Error codes raised by src/inbox. */
export const inboxErrors = {
  INBOX_AUTH_FAILED: {
    retryable: false,
    http: 422,
    description:
      'The incoming mail server (IMAP/POP3) refused the user name or password. Check them; many Chinese providers (163, QQ, 126…) need an authorization code (授权码) instead of the web password, and IMAP/POP3 must be switched on in the web mailbox settings.',
  },
  INBOX_CONNECT_FAILED: {
    retryable: true,
    http: 502,
    description:
      'The incoming mail server could not be reached or the TLS handshake failed. Check host, port and security (TLS / STARTTLS / none); the poller retries with backoff.',
  },
  INBOX_PROTOCOL_ERROR: {
    retryable: true,
    http: 502,
    description: 'The incoming mail server answered something unexpected (an -ERR, a line or message over the size limit, a dropped connection). The poller retries; the message names the command and the server text.',
  },
  INBOX_PASSWORD_REQUIRED: {
    retryable: false,
    http: 422,
    description:
      'The mail account has no stored incoming password. Pass it with `tidings inbox poll --account NAME --password-stdin`, or store one on the account.',
  },
  INBOX_NO_INCOMING_SERVER: {
    retryable: false,
    http: 422,
    description: 'The mail account has no incoming server (IMAP/POP3) configured; add one to the account first.',
  },
  INBOX_NOTHING_TO_CONFIRM: {
    retryable: false,
    http: 409,
    description:
      'Only an unverified bounce or unsubscribe request can be confirmed. The message is something else, or it was already verified or confirmed (its effect is applied); reload it to see its state.',
  },
  INBOX_UNPARSABLE_FILE: {
    retryable: false,
    http: 400,
    description: 'The file to import is neither an .eml message nor an mbox archive (or is empty).',
  },
} as const satisfies ErrorTable;
