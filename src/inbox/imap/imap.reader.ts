import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ConnectionOptions } from 'node:tls';
import { TidingsError } from '../../errors/index.js';
import type { Logger } from '../../logger/index.js';
import { delay, type MailboxCursors, type MailboxReader, type ScannedMessage } from '../mailbox.reader.js';

/** How to reach one IMAP mailbox. */
export interface ImapReaderOptions {
  readonly host: string;
  readonly port: number;
  /** `tls`: implicit TLS (993); `starttls`: upgrade required; `none`: plain (tests, loopback). */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly username: string;
  readonly password: string;
  /** Folders to read, INBOX first (the folder IDLE watches). Default ["INBOX"]. */
  readonly folders?: readonly string[];
  readonly tls?: ConnectionOptions;
  /** Largest message source fetched; longer ones are cut (stored truncated, never skipped). */
  readonly maxMessageBytes?: number;
  readonly logger?: Logger;
}

/** IMAP cursor state per folder: UIDVALIDITY and the last UID stored. */
interface ImapCursor {
  uidValidity: string;
  lastUid: number;
}

/*
 * RFC 2177 lets a server drop an IDLE after 30 minutes; re-issuing it every 25 stays clear of
 * that and of NAT boxes that forget quiet connections.
 */
const MAX_IDLE_MS = 25 * 60 * 1000;

/**
 * IMAP via imapflow. Cursor = UIDVALIDITY + last UID per folder: a restart resumes after the
 * last stored UID; a UIDVALIDITY change rescans the folder from the start (the store's dedupe
 * by Message-ID keeps that from filing anything twice). The connection stays open between
 * scans so `waitForChange` can use IDLE; without IDLE imapflow polls with NOOP.
 */
export class ImapReader implements MailboxReader {
  private client: ImapFlow | undefined;
  private readonly folders: readonly string[];

  constructor(private readonly options: ImapReaderOptions) {
    this.folders = options.folders?.length ? options.folders : ['INBOX'];
  }

  async *scan(cursors: MailboxCursors): AsyncIterable<ScannedMessage> {
    const client = await this.connected();
    // INBOX last, so it stays selected afterwards and auto-IDLE watches it.
    for (const folder of [...this.folders].reverse()) {
      const lock = await client.getMailboxLock(folder);
      try {
        const mailbox = client.mailbox;
        if (!mailbox) continue;
        const uidValidity = String(mailbox.uidValidity);
        const saved = parseCursor(cursors.get(folder));
        const lastUid = saved && saved.uidValidity === uidValidity ? saved.lastUid : 0;
        if (mailbox.exists === 0) continue;
        // "N:*" always matches the highest UID even when it is below N: filter.
        const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
        const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
        for (const uid of uids) {
          const message = await client.fetchOne(
            String(uid),
            { uid: true, source: this.options.maxMessageBytes ? { maxLength: this.options.maxMessageBytes } : true },
            { uid: true },
          );
          if (!message || !message.source) continue;
          yield {
            folder,
            uidKey: `${uidValidity}:${uid}`,
            raw: message.source,
            cursorAfter: JSON.stringify({ uidValidity, lastUid: uid } satisfies ImapCursor),
            ack: async () => {},
          };
        }
      } finally {
        lock.release();
      }
    }
  }

  /** Resolves on an `exists` push (IDLE or NOOP poll), a dropped connection, the timeout or abort. */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const client = this.client;
    if (!client || !client.usable) return Promise.resolve();
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const wake = () => stop.abort();
    client.on('exists', wake);
    client.on('close', wake);
    return delay(timeoutMs, stop.signal).finally(() => {
      client.off('exists', wake);
      client.off('close', wake);
      signal?.removeEventListener('abort', onAbort);
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.usable) await client.logout();
    } catch {
      // Logging out of a dead connection fails; it is closed below either way.
    } finally {
      client.close();
    }
  }

  /** True when the server announced IDLE on the current connection. */
  get supportsIdle(): boolean {
    return Boolean(this.client?.capabilities.has('IDLE'));
  }

  private async connected(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    await this.close();
    const { host, port, security, username, password } = this.options;
    const options: ImapFlowOptions = {
      host,
      port,
      secure: security === 'tls',
      doSTARTTLS: security === 'starttls' ? true : security === 'none' ? false : undefined,
      auth: { user: username, pass: password },
      tls: this.options.tls,
      // NetEase (163/126/yeah.net) rejects SELECT with "Unsafe Login" until the client sends ID.
      clientInfo: { name: 'Tidings', version: '0.1.0', vendor: 'Tidings' },
      maxIdleTime: MAX_IDLE_MS,
      autoIdleDelay: 1000,
      missingIdleCommand: 'NOOP',
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
    } as ImapFlowOptions;
    const client = new ImapFlow(options);
    // An unhandled 'error' would crash the process; the failure surfaces on the next command.
    client.on('error', (error: Error) => this.options.logger?.warn({ err: error.message, host }, 'imap connection error'));
    try {
      await client.connect();
    } catch (error) {
      client.close();
      const e = error as { authenticationFailed?: boolean; responseText?: string; message?: string };
      if (e.authenticationFailed) {
        throw new TidingsError(
          'INBOX_AUTH_FAILED',
          `IMAP server ${host}:${port} refused the login: ${e.responseText ?? e.message ?? 'authentication failed'}`,
          { cause: error, context: { host, port } },
        );
      }
      throw new TidingsError('INBOX_CONNECT_FAILED', `Cannot connect to IMAP server ${host}:${port}: ${e.message ?? String(error)}`, {
        cause: error,
        retryable: true,
        context: { host, port },
      });
    }
    this.client = client;
    return client;
  }
}

function parseCursor(state: string | undefined): ImapCursor | undefined {
  if (!state) return undefined;
  try {
    const parsed = JSON.parse(state) as Partial<ImapCursor>;
    return typeof parsed.uidValidity === 'string' && typeof parsed.lastUid === 'number'
      ? { uidValidity: parsed.uidValidity, lastUid: parsed.lastUid }
      : undefined;
  } catch {
    return undefined;
  }
}
