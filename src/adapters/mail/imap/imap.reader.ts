import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import type { ConnectionOptions } from 'node:tls';
import { guardedTarget, socketTarget, type ConnectGuard } from '../../../platform/net/guarded.connector.js';
import { TidingsError } from '../../../platform/errors/index.js';
import '../mailbox.errors.js'; // registers the INBOX_… codes raised here
import type { Logger } from '../../../platform/logger/index.js';
import { delay, type MailboxCursors, type MailboxReader, type ScannedMessage } from '../mailbox.reader.js';

/** How to reach one IMAP mailbox. */
export interface ImapReaderOptions {
  readonly host: string;
  readonly port: number;
  /** The SSRF guard: the host is resolved once, checked, and the connection goes to that address. */
  readonly guard: ConnectGuard;
  /** `tls`: implicit TLS (993); `starttls`: upgrade required; `none`: plain (tests, loopback). */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly username: string;
  readonly password: string;
  /** Folders to read, INBOX first (the folder IDLE watches). Default ["INBOX"]. */
  readonly folders?: readonly string[];
  readonly tls?: ConnectionOptions;
  /** Largest message source fetched; longer ones are cut (stored truncated, never skipped). */
  readonly maxMessageBytes?: number;
  /** Messages fetched per round-trip and stored per transaction. Default 200. */
  readonly chunkMessages?: number;
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

/** Messages fetched (and stored by the poller) per round-trip, unless the options say otherwise. */
const CHUNK_MESSAGES = 200;
/** Source bytes held per chunk; a larger single message is a chunk of its own. */
const CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * IMAP via imapflow. Cursor = UIDVALIDITY + last UID per folder: a restart resumes after the
 * last stored UID; a UIDVALIDITY change rescans the folder from the start (the store's dedupe
 * by Message-ID keeps that from filing anything twice). New messages are listed with one FETCH
 * (UID RFC822.SIZE) and their sources fetched a chunk (a UID range) per round-trip; the poller
 * stores each chunk in one transaction. The connection stays open between
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
        // One FETCH of (UID RFC822.SIZE) lists the new messages and sizes chunks by bytes.
        // "N:*" always matches the highest UID even when it is below N: filter.
        const listed = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
        const fresh = listed
          .filter((m) => m.uid > lastUid)
          .map((m) => ({ uid: m.uid, size: Math.min(m.size ?? 0, this.options.maxMessageBytes ?? Infinity) }))
          .sort((a, b) => a.uid - b.uid);
        for (const chunk of chunkBySize(fresh, this.options.chunkMessages ?? CHUNK_MESSAGES)) {
          const wanted = new Set(chunk.map((m) => m.uid));
          const first = chunk[0]!.uid;
          const last = chunk[chunk.length - 1]!.uid;
          // One round-trip per chunk instead of one per UID; a range may cover UIDs expunged meanwhile.
          const fetched = await client.fetchAll(`${first}:${last}`, { uid: true, source: this.options.maxMessageBytes ? { maxLength: this.options.maxMessageBytes } : true }, { uid: true });
          const messages = fetched.filter((m) => wanted.has(m.uid) && m.source).sort((a, b) => a.uid - b.uid);
          for (const [i, message] of messages.entries()) {
            yield {
              folder,
              uidKey: `${uidValidity}:${message.uid}`,
              raw: message.source!,
              cursorAfter: JSON.stringify({ uidValidity, lastUid: message.uid } satisfies ImapCursor),
              // The chunk's last message closes the poller's transaction; its cursor covers the chunk.
              chunkEnd: i === messages.length - 1,
              ack: async () => {},
            };
          }
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
    // Outside the try: a refused host is ACCOUNT_HOST_FORBIDDEN, not a connection failure.
    const target = socketTarget(await guardedTarget(host, this.options.guard, this.options.guard.setting ?? `IMAP host ${host}`));
    const options: ImapFlowOptions = {
      ...target,
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
    // imapflow is loaded with the first mailbox read, not by every process that sends.
    const { ImapFlow: Client } = await import('imapflow');
    const client = new Client(options);
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

/** Splits UIDs (ascending) into chunks of at most `maxMessages` messages and about CHUNK_BYTES. */
function* chunkBySize(messages: ReadonlyArray<{ uid: number; size: number }>, maxMessages: number): Generator<Array<{ uid: number; size: number }>> {
  let chunk: Array<{ uid: number; size: number }> = [];
  let bytes = 0;
  for (const message of messages) {
    if (chunk.length > 0 && (chunk.length >= maxMessages || bytes + message.size > CHUNK_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += message.size;
  }
  if (chunk.length > 0) yield chunk;
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
