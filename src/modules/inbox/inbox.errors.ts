import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/inbox. */
export const inboxErrors = defineErrors({
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
  INBOX_FORWARD_SUPPRESSED: {
    retryable: false,
    http: 422,
    description:
      'An address you forward to is blocked for email (it bounced, complained or was blocked by hand), so mail to it is never sent. Remove it and forward to another address.',
  },
  INBOX_NOTHING_TO_CONFIRM: {
    retryable: false,
    http: 409,
    description:
      'Only an unverified bounce or unsubscribe request can be confirmed. The message is something else, or it was already verified or confirmed (its effect is applied); reload it to see its state.',
  },
});

type InboxErrors = typeof inboxErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends InboxErrors {}
}
