import { guardedTarget, type ConnectGuard } from '../../../platform/net/guarded.connector.js';
import { delay, type MailboxCursors, type MailboxReader, type ScannedMessage } from '../mailbox.reader.js';
import { Pop3Client, type Pop3ConnectOptions } from './pop3.client.js';

/** The one pseudo-folder of a POP3 mailbox. */
export const POP3_FOLDER = 'POP3';

/** Options for {@link Pop3Reader}. */
export interface Pop3ReaderOptions {
  readonly connection: Pop3ConnectOptions;
  /** The SSRF guard: the host is resolved once, checked, and the connection goes to that address. */
  readonly guard: ConnectGuard;
  /** "Leave a copy on the server": never DELE. */
  readonly leaveCopy: boolean;
}

/** POP3 cursor state: the UIDLs already stored. */
interface Pop3Cursor {
  seen: string[];
}

/**
 * POP3 via UIDL. The cursor is the set of UIDs already stored, pruned to the UIDs still on the
 * server. Without "leave a copy", a message is DELEd only after it is stored (its `ack`), and
 * every DELE takes effect at the QUIT that ends the scan; a message stored by a session that
 * died before QUIT is recognised by its UID next time and deleted then.
 */
export class Pop3Reader implements MailboxReader {
  constructor(private readonly options: Pop3ReaderOptions) {}

  async *scan(cursors: MailboxCursors): AsyncIterable<ScannedMessage> {
    const previous = parseCursor(cursors.get(POP3_FOLDER));
    const { connection, guard } = this.options;
    const target = await guardedTarget(connection.host, guard, guard.setting ?? `POP3 host ${connection.host}`);
    const client = await Pop3Client.connect({ ...connection, host: target.address, tls: { servername: target.servername, ...connection.tls } });
    try {
      const listing = await client.uidl();
      const onServer = new Set(listing.map((m) => m.uid));
      const seen = new Set(previous.seen.filter((uid) => onServer.has(uid)));
      for (const { n, uid } of listing) {
        if (seen.has(uid)) {
          if (!this.options.leaveCopy) await client.dele(n);
          continue;
        }
        const raw = await client.retr(n);
        seen.add(uid);
        const cursorAfter = JSON.stringify({ seen: [...seen] } satisfies Pop3Cursor);
        yield {
          folder: POP3_FOLDER,
          uidKey: uid,
          raw,
          cursorAfter,
          ack: async () => {
            if (!this.options.leaveCopy) await client.dele(n);
          },
        };
      }
    } finally {
      // QUIT commits the DELEs of acknowledged (stored) messages, also when the consumer stopped
      // early; a failed connection just closes and the next scan deletes what is already stored.
      await client.quit().catch(() => client.close());
    }
  }

  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return delay(timeoutMs, signal);
  }

  async close(): Promise<void> {}
}

function parseCursor(state: string | undefined): Pop3Cursor {
  if (!state) return { seen: [] };
  try {
    const parsed = JSON.parse(state) as Partial<Pop3Cursor>;
    return { seen: Array.isArray(parsed.seen) ? parsed.seen.filter((s): s is string => typeof s === 'string') : [] };
  } catch {
    return { seen: [] };
  }
}
