/** The message keys a pause reason may be translated with. */
export type PauseReasonKey = 'reasonMailboxDeleted' | 'reasonSmsAccountDeleted' | 'reasonComplaintRate';

/**
 * A pause reason in the reader's language where the UI knows its code (SEND_ACCOUNT_DELETED, see
 * src/accounts/account.lookup.ts); any other reason as the server wrote it.
 */
export function readableReason(reason: string, t: (key: PauseReasonKey, params: Readonly<Record<string, string>>) => string): string {
  // SEND_COMPLAINT_RATE (src/modules/sending/complaints/complaint-limit.ts): the numbers are kept, the words translated.
  const complaints = /^SEND_COMPLAINT_RATE: Paused: (\d+) complaints? in (\d+) delivered \(([\d.]+) %\), above the ([\d.]+) % limit/.exec(reason);
  if (complaints) return t('reasonComplaintRate', { complaints: complaints[1] ?? '', delivered: complaints[2] ?? '', rate: complaints[3] ?? '', limit: complaints[4] ?? '' });
  const deleted = /^SEND_ACCOUNT_DELETED: The (mailbox|SMS account) "(.*?)" was deleted/.exec(reason);
  if (!deleted) return reason;
  return t(deleted[1] === 'mailbox' ? 'reasonMailboxDeleted' : 'reasonSmsAccountDeleted', { name: deleted[2] ?? '' });
}
