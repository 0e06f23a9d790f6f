/**
 * One message found by a {@link MailboxReader}. The poller stores it, then saves `cursorAfter`
 * for `folder`, then calls `ack()`: a cursor never moves past a message that is not stored, and
 * a POP3 message is deleted (when not leaving a copy) only after both.
 */
export interface ScannedMessage {
  /** Folder the message came from (`INBOX`…, `POP3`). */
  readonly folder: string;
  /** Position in the mailbox: `uidvalidity:uid` (IMAP) or the UIDL (POP3). */
  readonly uidKey: string;
  /** The message source as received. */
  readonly raw: Buffer;
  /** The folder's cursor state (JSON) once this message is stored. */
  readonly cursorAfter: string;
  /**
   * Set by readers that fetch in chunks: false while more of the chunk follows, true on its last
   * message. The poller stores a chunk in one transaction; absent means each message alone.
   */
  readonly chunkEnd?: boolean;
  /** Called after the message and cursor are saved (POP3: DELE unless leaving a copy). */
  ack(): Promise<void>;
}

/** Saved cursor states by folder (JSON owned by the reader; absent = never read). */
export type MailboxCursors = ReadonlyMap<string, string>;

/**
 * Reads new messages from one mailbox. `scan` yields every message after the given cursors, in
 * order; breaking out of the loop (or an error) ends the scan without skipping anything: the
 * next scan resumes from the last cursor saved.
 */
export interface MailboxReader {
  scan(cursors: MailboxCursors): AsyncIterable<ScannedMessage>;
  /**
   * Resolves when new mail may have arrived (IMAP IDLE `exists`), or after `timeoutMs`, or when
   * `signal` aborts. Readers without push (POP3) simply wait.
   */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Logs out and closes the connection. */
  close(): Promise<void>;
}

/** Resolves after `ms` or when `signal` aborts, whichever is first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
