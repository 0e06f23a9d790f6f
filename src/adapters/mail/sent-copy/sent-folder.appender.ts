import { createRequire } from 'node:module';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';

// imapflow (~6 MB resident) is loaded when the first copy is filed: most send workers never file one.
const require = createRequire(import.meta.url);
let imapflow: typeof import('imapflow') | undefined;
import { guardedTarget, socketTarget, type ConnectGuard } from '../../../platform/net/guarded.connector.js';
import { isTidingsError, TidingsError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { SentFolderSettings } from '../transport/account.types.js';
import { locateSentFolder } from './sent-folder.locate.js';

/** Options for {@link SentFolderAppender}. */
export interface SentFolderAppenderOptions {
  readonly settings: SentFolderSettings;
  /** The SSRF guard: the IMAP host is resolved once, checked, and connected to at that address. */
  readonly guard: ConnectGuard;
  /** The connection is logged out after this long without an append. */
  readonly idleMs?: number;
  /** Socket inactivity limit, so a stalled server fails the append instead of hanging it. */
  readonly socketTimeoutMs?: number;
  readonly logger?: Logger | undefined;
}

/** Where a copy went. */
export interface AppendResult {
  readonly folder: string;
  /** With UIDPLUS. */
  readonly uid?: number | undefined;
}

interface Session {
  readonly client: ImapFlow;
  readonly folder: string;
}

/**
 * Files messages in one account's Sent folder over one IMAP connection, opened on the first
 * append and logged out after `idleMs` without one: a burst of one-off emails costs one login,
 * not one per message. The folder is looked up once per connection (SPECIAL-USE \Sent, common
 * names, else "Sent" is created). A broken connection is dropped and the next append reconnects.
 * Failures surface as `SEND_SENT_COPY_FAILED`; the caller decides what a failed copy means.
 */
export class SentFolderAppender {
  private session: Promise<Session> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private closed = false;
  private opened = 0;

  constructor(private readonly options: SentFolderAppenderOptions) {}

  /** Connections opened so far: one per burst of appends, not one per message. */
  get connectionsOpened(): number {
    return this.opened;
  }

  /** True while a connection is open or being opened. */
  get isOpen(): boolean {
    return this.session !== undefined;
  }

  /** APPENDs `raw` with \Seen to the Sent folder. */
  async append(raw: Buffer): Promise<AppendResult> {
    const { settings } = this.options;
    if (settings.refused) throw new TidingsError('SEND_SENT_COPY_FAILED', `Sent-folder copy skipped: ${settings.refused}`);
    if (this.closed) throw new TidingsError('SEND_SENT_COPY_FAILED', 'Sent-folder copy skipped: the transport is closing.');
    this.inFlight += 1;
    clearTimeout(this.idleTimer);
    try {
      const session = await this.connected();
      let result;
      try {
        result = await session.client.append(session.folder, raw, ['\\Seen']);
      } catch (error) {
        // A "NO" for this one message (quota, size) leaves the connection usable; a dead one is dropped.
        if (!session.client.usable) this.drop(session);
        throw error;
      }
      if (!result) throw new Error(`the server did not accept APPEND to ${session.folder}`);
      return { folder: result.destination || session.folder, uid: result.uid };
    } catch (error) {
      throw this.failure(error);
    } finally {
      this.inFlight -= 1;
      this.armIdle();
    }
  }

  /** Logs out (after in-flight appends, which the caller awaits first). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.logout();
  }

  private connected(): Promise<Session> {
    if (!this.session) {
      const opening = this.open();
      this.session = opening;
      opening.catch(() => {
        if (this.session === opening) this.session = undefined;
      });
    }
    return this.session;
  }

  private async open(): Promise<Session> {
    const { settings, logger } = this.options;
    let target;
    try {
      target = socketTarget(await guardedTarget(settings.host, this.options.guard, this.options.guard.setting ?? `IMAP host ${settings.host}`));
    } catch (error) {
      if (!isTidingsError(error)) throw error;
      throw new TidingsError('SEND_SENT_COPY_FAILED', `Sent-folder copy skipped: ${error.message}`, { cause: error });
    }
    imapflow ??= require('imapflow') as typeof import('imapflow');
    const client = new imapflow.ImapFlow({
      ...target,
      port: settings.port,
      secure: settings.security === 'tls',
      doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
      auth: { user: settings.auth.user, pass: settings.auth.pass },
      ...(settings.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
      // NetEase (163/126) refuses commands from clients that do not send ID.
      clientInfo: { name: 'Tidings', version: '0.1.0', vendor: 'Tidings' },
      disableAutoIdle: true,
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
      socketTimeout: this.options.socketTimeoutMs ?? 60_000,
    } as ImapFlowOptions);
    this.opened += 1;
    // An unhandled 'error' event would crash the process; the failure surfaces on the command.
    client.on('error', (error: Error) => logger?.debug({ host: settings.host, err: error.message }, 'sent-folder imap connection error'));
    try {
      await client.connect();
      const folder = await locateSentFolder(client);
      const session: Session = { client, folder };
      client.once('close', () => this.drop(session));
      return session;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  private drop(session: Session): void {
    void this.session?.then((current) => {
      if (current === session) this.session = undefined;
    }, () => undefined);
    session.client.close();
  }

  private armIdle(): void {
    if (this.inFlight > 0 || this.closed || !this.session) return;
    this.idleTimer = setTimeout(() => void this.logout(), this.options.idleMs ?? 60_000);
    this.idleTimer.unref();
  }

  private async logout(): Promise<void> {
    const pending = this.session;
    this.session = undefined;
    const session = await pending?.catch(() => undefined);
    if (!session) return;
    try {
      if (session.client.usable) await session.client.logout();
    } catch {
      // Logging out of a dead connection fails; it is closed below either way.
    } finally {
      session.client.close();
    }
  }

  private failure(error: unknown): TidingsError {
    if (error instanceof TidingsError) return error;
    const { host, port } = this.options.settings;
    const e = error as { authenticationFailed?: boolean; responseText?: string; message?: string };
    const why = e.authenticationFailed ? `login refused (${e.responseText ?? 'authentication failed'})` : (e.responseText ?? e.message ?? String(error));
    return new TidingsError('SEND_SENT_COPY_FAILED', `Sent-folder copy on ${host}:${port} failed: ${why}`, { cause: error, context: { host, port } });
  }
}
