import { defineErrors } from '../../platform/errors/index.js';

/** Error codes raised by src/send (also stored in `outbox.error_code` to say why a row ended as it did). */
export const sendErrors = defineErrors({
  SEND_CAMPAIGN_STATE: {
    retryable: false,
    http: 409,
    description: 'The campaign is not in a state that allows this action (e.g. pausing a finished campaign); check `tidings campaign status <id>`.',
  },
  SEND_NO_ACCOUNT: {
    retryable: false,
    http: 400,
    description: 'The campaign has no usable sending account; set one with a mail account id or name.',
  },
  SEND_ACCOUNT_DELETED: {
    retryable: false,
    http: 409,
    description:
      'The mailbox or SMS account a campaign sends from was deleted while the campaign was sending, scheduled or paused, so the campaign was paused and its remaining messages were not sent. Cancel it and send them again from another account.',
  },
  SEND_SENT_COPY_FAILED: {
    retryable: true,
    http: 502,
    description:
      "The message was sent, but filing its copy in the account's IMAP Sent folder failed (login refused, server unreachable, folder not writable, or the host refused by TIDINGS_ALLOW_PRIVATE_HOSTS). Only logged and counted (tidings_sent_copies_total{result=\"failed\"}); the message is never resent for it. Check the account's IMAP settings with `tidings account verify`.",
  },
  SEND_RATE_LIMITED: {
    retryable: true,
    http: 429,
    description: "The sending account's per-second/minute/hour/day limit is reached; the message waits and goes out when the window allows.",
  },
  SEND_QUIET_HOURS: {
    retryable: true,
    http: 503,
    description:
      "A marketing message reached the recipient during their quiet hours (their own time zone; SCHEDULE_QUIET_HOURS_SMS, and SCHEDULE_QUIET_HOURS_EMAIL when the campaign's schedule sets quietHoursEmail); it waits and goes out when the window ends. Nothing to do.",
  },
  SEND_SMTP_TEMPORARY: {
    retryable: true,
    http: 503,
    description: 'The SMTP server answered with a temporary error (4xx) or could not be reached before sending; the message is retried with backoff.',
  },
  SEND_SMTP_REJECTED: {
    retryable: false,
    http: 502,
    description: "The SMTP server refused the message permanently (5xx); the server's text says why. Fix the address or content; it is not retried.",
  },
  SEND_SMTP_AMBIGUOUS: {
    retryable: false,
    http: 502,
    description: 'The connection dropped or timed out after the message was handed over, so it may or may not have been delivered. It is marked unknown and not resent automatically; resend with `tidings campaign resend-unknown` if you decide to.',
  },
  SEND_SMTP_AUTH: {
    retryable: false,
    http: 502,
    description: 'The SMTP server refused the login. The campaign is paused; fix the password (many Chinese providers need an authorization code) and resume.',
  },
  SEND_COMPOSE_FAILED: {
    retryable: false,
    http: 500,
    description: 'The message could not be built for this recipient (template or merge data); fix the template and resend.',
  },
  SEND_BOUNCED: {
    retryable: false,
    http: 409,
    description:
      "The receiving server accepted the message and later sent it back (a bounce the inbox proved answers it): the message was not delivered. The outbox row's text holds the server's reason; the address may now be suppressed. Correct the address before writing again.",
  },
  SEND_SMS_SUPPRESSED: {
    retryable: false,
    http: 422,
    description:
      'The number opted out of SMS (or was blocked by hand), so no message is sent to it, not even a test. Use another number, or lift the block under Suppressions if the person asked for it.',
  },
  SEND_WORKER_LOST: {
    retryable: false,
    http: 500,
    description: 'A worker stopped while the message was being handed to the server; the outcome is unknown and the row is not resent automatically.',
  },
  SEND_ERROR_BUDGET: {
    retryable: false,
    http: 409,
    description: 'Too many recent messages of the campaign failed permanently, so it was paused; check the failures before resuming.',
  },
  SEND_COMPLAINT_RATE: {
    retryable: false,
    http: 409,
    description:
      'Too many recipients reported the campaign as spam: its complaint rate went above the bound (SEND_COMPLAINT_MAX_PERCENT, 0.3 % by default, once SEND_COMPLAINT_MIN_DELIVERED messages were delivered), so it paused itself. Check the audience and content before resuming; another complaint after resuming pauses it again while the rate stays above the bound.',
  },
  SEND_UNSUBSCRIBE_TOKEN: {
    retryable: false,
    http: 404,
    description: 'The unsubscribe link is not valid (mistyped, from another installation, or an old link made before unsubscribe links were signed). The reader can answer the message with "unsubscribe" as the subject instead; the inbox files it for a person to confirm.',
  },
  SEND_TRACKING_TOKEN: {
    retryable: false,
    http: 404,
    description:
      'A tracked link (`/t/c/…`) is not valid: cut off, altered, signed with another secret key, or its campaign was deleted. The reader sees a short "link does not work" page; an open pixel with a bad token still gets its image but is not counted.',
  },
});

type SendErrors = typeof sendErrors;
declare module '../../platform/errors/error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends SendErrors {}
}
