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

/** A message held for the recipient's quiet hours: when it goes out, on their clock. */
export interface QuietHold {
  /** HH:mm on the recipient's clock, e.g. 08:00. */
  readonly time: string;
  readonly zone: string;
}

/**
 * Whether a message is held for quiet hours (SEND_QUIET_HOURS) rather than failing: it waits and
 * goes out when the window ends, so the screens say "waiting until 08:00 local (Asia/Shanghai)"
 * in a neutral colour, not an error. `zone` is the recipient's (the server's default when unset).
 */
export function quietHoldOf(message: {
  readonly state: string;
  readonly errorCode: string | null;
  readonly nextAttemptAt: number | null;
  readonly customerTimeZone?: string | null | undefined;
}, fallbackZone = 'Asia/Shanghai'): QuietHold | null {
  if (message.errorCode !== 'SEND_QUIET_HOURS' || message.nextAttemptAt === null) return null;
  if (message.state !== 'deferred' && message.state !== 'queued') return null;
  const zone = message.customerTimeZone || fallbackZone;
  try {
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(message.nextAttemptAt));
    return { time, zone };
  } catch {
    return { time: new Date(message.nextAttemptAt).toISOString().slice(11, 16), zone: 'UTC' };
  }
}
