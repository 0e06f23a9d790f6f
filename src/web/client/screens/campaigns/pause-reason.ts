/** The message keys a pause reason may be translated with. */
export type PauseReasonKey = 'reasonMailboxDeleted' | 'reasonSmsAccountDeleted';

/**
 * A pause reason in the reader's language where the UI knows its code (SEND_ACCOUNT_DELETED, see
 * src/accounts/account.lookup.ts); any other reason as the server wrote it.
 */
export function readableReason(reason: string, t: (key: PauseReasonKey, params: { name: string }) => string): string {
  const deleted = /^SEND_ACCOUNT_DELETED: The (mailbox|SMS account) "(.*?)" was deleted/.exec(reason);
  if (!deleted) return reason;
  return t(deleted[1] === 'mailbox' ? 'reasonMailboxDeleted' : 'reasonSmsAccountDeleted', { name: deleted[2] ?? '' });
}
