import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { TidingsError } from '../../../platform/errors/index.js';
import '../mailbox.errors.js'; // registers the INBOX_… codes raised here

/*
 * A small POP3 client (RFC 1939, STLS from RFC 2595, CAPA from RFC 2449). No maintained POP3
 * package fits: the npm ones are unmaintained callback APIs without STLS or size bounds. This one
 * does only what the inbox and the account check need: connect, log in, list UIDs, fetch,
 * delete, quit — with every response line and message bounded in size.
 */

/** How to reach and log in to a POP3 server. */
export interface Pop3ConnectOptions {
  host: string;
  port: number;
  /** `tls`: implicit TLS (995); `starttls`: plain then STLS (110); `none`: plain text. */
  security: 'tls' | 'starttls' | 'none';
  username: string;
  password: string;
  /** Socket inactivity limit per command, default 30 s. */
  timeoutMs?: number;
  /** Extra TLS options (a test server's self-signed certificate, SNI). */
  tls?: ConnectionOptions;
  /** Largest message `retr` accepts, default 50 MiB. */
  maxMessageBytes?: number;
}

/** Longest status line accepted (RFC 1939 allows 512; servers pad with banners). */
const MAX_STATUS_LINE = 8 * 1024;
const DEFAULT_MAX_MESSAGE = 50 * 1024 * 1024;

type Waiter = () => void;

/** One authenticated POP3 session. Commands run one at a time in call order. */
export class Pop3Client {
  private socket: Socket | TLSSocket;
  private buffer: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private waiter: Waiter | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly where: string;
  private readonly maxMessageBytes: number;

  private constructor(
    socket: Socket | TLSSocket,
    private readonly options: Pop3ConnectOptions,
  ) {
    this.where = `${options.host}:${options.port}`;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE;
    this.socket = socket;
    this.attach(socket);
  }

  /**
   * Connects, reads the greeting, upgrades with STLS when asked, and logs in with USER/PASS.
   * Rejects with `INBOX_CONNECT_FAILED` (network, TLS, timeout) or `INBOX_AUTH_FAILED`.
   */
  static async connect(options: Pop3ConnectOptions): Promise<Pop3Client> {
    const socket = await openSocket(options);
    const client = new Pop3Client(socket, options);
    try {
      await client.expectOk('greeting', 'connect');
      if (options.security === 'starttls') {
        await client.command('STLS', 'connect');
        await client.upgrade();
      }
      await client.command(`USER ${options.username}`, 'auth', 'USER');
      await client.command(`PASS ${options.password}`, 'auth', 'PASS');
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  /** The server's capabilities (CAPA), upper-cased keywords with arguments; [] if CAPA is unknown. */
  capa(): Promise<string[]> {
    return this.serial(async () => {
      this.write('CAPA');
      const status = await this.readStatus();
      if (!status.ok) return [];
      const body = await this.readMultiline(MAX_STATUS_LINE * 64);
      return body
        .toString('latin1')
        .split('\r\n')
        .map((l) => l.trim())
        .filter(Boolean);
    });
  }

  /** Message numbers and their unique ids (UIDL). */
  uidl(): Promise<Array<{ n: number; uid: string }>> {
    return this.serial(async () => {
      await this.commandNow('UIDL', 'protocol');
      const body = await this.readMultiline(MAX_STATUS_LINE * 100_000);
      const out: Array<{ n: number; uid: string }> = [];
      for (const line of body.toString('latin1').split('\r\n')) {
        const match = /^(\d+)\s+(\S{1,70})/.exec(line.trim());
        if (match) out.push({ n: Number(match[1]), uid: match[2] as string });
      }
      return out;
    });
  }

  /** The whole message `n`, dot-unstuffed, lines ending in CRLF. */
  retr(n: number): Promise<Buffer> {
    return this.serial(async () => {
      await this.commandNow(`RETR ${assertNumber(n)}`, 'protocol');
      return this.readMultiline(this.maxMessageBytes);
    });
  }

  /** Marks message `n` deleted; the server removes it only when the session ends with QUIT. */
  dele(n: number): Promise<void> {
    return this.serial(async () => {
      await this.commandNow(`DELE ${assertNumber(n)}`, 'protocol');
    });
  }

  /** Ends the session (committing DELEs) and closes the connection. */
  quit(): Promise<void> {
    return this.serial(async () => {
      try {
        await this.commandNow('QUIT', 'protocol');
      } finally {
        this.close();
      }
    });
  }

  /** Drops the connection without QUIT: the server forgets this session's DELEs. */
  close(): void {
    this.failure ??= new TidingsError('INBOX_PROTOCOL_ERROR', `POP3 session with ${this.where} is closed`);
    this.socket.destroy();
    this.wake();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private command(line: string, phase: 'connect' | 'auth' | 'protocol', verb?: string): Promise<string> {
    return this.serial(() => this.commandNow(line, phase, verb));
  }

  private async commandNow(line: string, phase: 'connect' | 'auth' | 'protocol', verb?: string): Promise<string> {
    this.write(line);
    return this.expectOk(verb ?? line.split(' ')[0] ?? line, phase);
  }

  private async expectOk(what: string, phase: 'connect' | 'auth' | 'protocol'): Promise<string> {
    const status = await this.readStatus();
    if (status.ok) return status.text;
    if (phase === 'auth') {
      throw new TidingsError(
        'INBOX_AUTH_FAILED',
        `POP3 server ${this.where} refused the login (${what}): ${status.text || '-ERR'}`,
        { context: { host: this.options.host, port: this.options.port, server: status.text } },
      );
    }
    if (phase === 'connect') {
      throw new TidingsError('INBOX_CONNECT_FAILED', `POP3 server ${this.where} refused ${what}: ${status.text}`, {
        context: { host: this.options.host, port: this.options.port, server: status.text },
        retryable: true,
      });
    }
    throw new TidingsError('INBOX_PROTOCOL_ERROR', `POP3 server ${this.where} answered ${what} with -ERR ${status.text}`, {
      context: { host: this.options.host, port: this.options.port, command: what, server: status.text },
    });
  }

  private write(line: string): void {
    if (/[\r\n]/.test(line)) throw new TidingsError('VALIDATION_FAILED', 'POP3 arguments may not contain line breaks');
    if (this.failure) throw this.failure;
    this.socket.write(`${line}\r\n`);
  }

  private async readStatus(): Promise<{ ok: boolean; text: string }> {
    const line = (await this.readLine(MAX_STATUS_LINE)).toString('utf8');
    if (line.startsWith('+OK')) return { ok: true, text: line.slice(3).trim() };
    if (line.startsWith('-ERR')) return { ok: false, text: line.slice(4).trim() };
    throw new TidingsError('INBOX_PROTOCOL_ERROR', `POP3 server ${this.where} sent an unexpected line: ${line.slice(0, 200)}`);
  }

  /** Reads a multi-line body up to the lone "." line, undoing dot-stuffing, bounded by `limit` bytes. */
  private async readMultiline(limit: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const line = await this.readLine(limit - size + 2);
      if (line.length === 1 && line[0] === 0x2e) break;
      // RFC 1939 §3: a line starting with "." had one more "." prepended by the server.
      const unstuffed = line[0] === 0x2e ? line.subarray(1) : line;
      size += unstuffed.length + 2;
      if (size > limit) {
        this.close();
        throw new TidingsError('INBOX_PROTOCOL_ERROR', `POP3 response from ${this.where} exceeds ${limit} bytes`);
      }
      parts.push(unstuffed, CRLF);
    }
    return Buffer.concat(parts);
  }

  /** One line without its CRLF (a bare LF is accepted too). */
  private async readLine(limit: number): Promise<Buffer> {
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end >= 0) {
        const line = this.buffer.subarray(0, end > 0 && this.buffer[end - 1] === 0x0d ? end - 1 : end);
        this.buffer = this.buffer.subarray(end + 1);
        return Buffer.from(line);
      }
      if (this.buffer.length > limit) {
        this.close();
        throw new TidingsError('INBOX_PROTOCOL_ERROR', `POP3 server ${this.where} sent a line longer than ${limit} bytes`);
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setTimeout(this.options.timeoutMs ?? 30_000);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.wake();
    });
    socket.on('timeout', () => this.fail(new TidingsError('INBOX_CONNECT_FAILED', `POP3 server ${this.where} timed out`, { retryable: true })));
    socket.on('error', (error) =>
      this.fail(new TidingsError('INBOX_CONNECT_FAILED', `POP3 connection to ${this.where} failed: ${error.message}`, { cause: error, retryable: true })),
    );
    socket.on('close', () => this.fail(new TidingsError('INBOX_CONNECT_FAILED', `POP3 server ${this.where} closed the connection`, { retryable: true })));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.socket.destroy();
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Swaps the plain socket for a TLS one after STLS was accepted. */
  private async upgrade(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    plain.removeAllListeners('error');
    plain.removeAllListeners('close');
    plain.setTimeout(0);
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = tlsConnect({ servername: servername(this.options.host), ...this.options.tls, socket: plain });
      socket.once('secureConnect', () => resolve(socket));
      socket.once('error', (error) =>
        reject(new TidingsError('INBOX_CONNECT_FAILED', `STLS with ${this.where} failed: ${error.message}`, { cause: error, retryable: true })),
      );
    });
    this.buffer = Buffer.alloc(0);
    this.socket = secure;
    this.attach(secure);
  }
}

const CRLF = Buffer.from('\r\n');

function assertNumber(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new TidingsError('VALIDATION_FAILED', `not a POP3 message number: ${n}`);
  return n;
}

/** SNI must be a host name, never an IP literal. */
const servername = (host: string): string | undefined => (/^[\d.]+$|:/.test(host) ? undefined : host);

function openSocket(options: Pop3ConnectOptions): Promise<Socket | TLSSocket> {
  const where = `${options.host}:${options.port}`;
  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const socket =
      options.security === 'tls'
        ? tlsConnect({ host: options.host, port: options.port, servername: servername(options.host), ...options.tls })
        : netConnect({ host: options.host, port: options.port });
    const fail = (message: string, cause?: unknown) => {
      socket.destroy();
      reject(new TidingsError('INBOX_CONNECT_FAILED', `Cannot connect to POP3 server ${where}: ${message}`, { cause, retryable: true }));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error) => fail(error.message, error));
    socket.once(options.security === 'tls' ? 'secureConnect' : 'connect', () => {
      socket.removeAllListeners('error');
      socket.removeAllListeners('timeout');
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}
