import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by the mailbox readers (IMAP, POP3) and the mbox reader. */
export const mailboxErrors = defineErrors({
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
  INBOX_UNPARSABLE_FILE: {
    retryable: false,
    http: 400,
    description: 'The file to import is neither an .eml message nor an mbox archive (or is empty).',
  },
});

type MailboxErrors = typeof mailboxErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends MailboxErrors {}
}
