import { randomBytes } from 'node:crypto';
import { TRACE_HEADER } from '../../src/modules/sending/trace.js';

/** What an ARF (RFC 5965) spam report built by {@link arfReport} says. */
export interface ArfOptions {
  /** The provider's feedback address the report comes from. */
  readonly from?: string;
  /** Where the report is sent (our feedback or reply mailbox). */
  readonly to: string;
  /** Original-Rcpt-To; null leaves the field out (providers that redact it entirely). */
  readonly recipient: string | null;
  /** Our trace token quoted in the returned message; null quotes no trace. */
  readonly trace: string | null;
  readonly feedbackType?: string;
  /** The reported message as it arrived (quoted whole); default: a short message carrying `trace`. */
  readonly original?: string;
}

/** A feedback-loop report as a large mailbox provider sends it, with CRLF line ends. */
export function arfReport(options: ArfOptions): string {
  const boundary = `arf-${randomBytes(6).toString('hex')}`;
  const id = `<${randomBytes(8).toString('hex')}@fbl.provider.test>`;
  const lines = [
    `From: Feedback Loop <${options.from ?? 'fbl@provider.test'}>`,
    `To: ${options.to}`,
    'Subject: FW: Spring offers',
    'Date: Tue, 03 Nov 2026 08:12:40 +0000',
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.25.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${options.feedbackType ?? 'abuse'}`,
    'User-Agent: ProviderFBL/1.0',
    'Version: 1',
    ...(options.recipient === null ? [] : [`Original-Rcpt-To: ${options.recipient}`]),
    'Arrival-Date: Tue, 03 Nov 2026 08:01:12 +0000',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    '',
    ...(options.original !== undefined
      ? [options.original.replace(/\r?\n/g, '\r\n').trimEnd(), '']
      : [
          'From: Tidings Shop <news@example.test>',
          `To: ${options.recipient ?? 'redacted@provider.test'}`,
          'Subject: Spring offers',
          ...(options.trace === null ? [] : [`${TRACE_HEADER}: ${options.trace}`]),
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Dear customer, our spring offers are here.',
          '',
        ]),
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}
