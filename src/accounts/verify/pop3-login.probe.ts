import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Security } from '../detect/server.types.js';

/** Options for {@link pop3Login}. */
export interface Pop3LoginOptions {
  /** Host name: used for SNI and certificate checking. */
  readonly host: string;
  /** Address to connect to (the one the SSRF guard checked); defaults to `host`. */
  readonly address?: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  readonly password: string;
  readonly rejectUnauthorized: boolean;
  /** Whole-exchange inactivity timeout, ms. */
  readonly timeoutMs: number;
}

/** Why a POP3 login did not succeed: the server said no (`auth`), or we never got that far. */
export class Pop3LoginError extends Error {
  constructor(
    readonly kind: 'auth' | 'connect' | 'protocol',
    message: string,
    /** The server's last reply line, if any (never contains our password). */
    readonly response?: string,
  ) {
    super(message);
    this.name = 'Pop3LoginError';
  }
}

/** Reads CRLF-terminated lines from a socket, one awaited reply at a time. */
class LineReader {
  #buffer = '';
  #waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(private readonly socket: Socket, timeoutMs: number) {
    socket.setTimeout(timeoutMs, () => this.fail(new Pop3LoginError('connect', `no reply within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString('latin1');
      this.#deliver();
    });
    socket.on('error', (error) => this.fail(new Pop3LoginError('connect', error.message)));
    socket.on('close', () => this.fail(new Pop3LoginError('connect', 'the server closed the connection')));
  }

  fail(error: Error): void {
    this.#failure ??= error;
    this.#waiting?.reject(this.#failure);
    this.#waiting = undefined;
    this.socket.destroy();
  }

  #deliver(): void {
    const end = this.#buffer.indexOf('\r\n');
    if (end < 0 || !this.#waiting) return;
    const line = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end + 2);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve(line);
  }

  /** Stops listening (before the socket is handed to TLS for STLS). */
  detach(): void {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    this.socket.setTimeout(0);
  }

  next(): Promise<string> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#deliver();
    });
  }
}

function connected(socket: Socket | TLSSocket, event: 'connect' | 'secureConnect'): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve());
    socket.once('error', (error) => reject(new Pop3LoginError('connect', error.message)));
  });
}

/**
 * Logs in to a POP3 server with USER/PASS (RFC 1939), upgrading with STLS (RFC 2595) when
 * `security` is starttls, then QUITs. Resolves on success; throws {@link Pop3LoginError}.
 * A stopgap until src/inbox/pop3/pop3.client.ts exists; both should merge then.
 */
export async function pop3Login(options: Pop3LoginOptions): Promise<void> {
  const target = options.address ?? options.host;
  // RFC 6066: no IP literals in SNI.
  const tlsOptions = { servername: isIP(options.host) ? undefined : options.host, rejectUnauthorized: options.rejectUnauthorized };
  let socket: Socket =
    options.security === 'tls'
      ? tlsConnect({ host: target, port: options.port, ...tlsOptions })
      : netConnect({ host: target, port: options.port });
  const timer = setTimeout(() => socket.destroy(new Error(`no connection within ${options.timeoutMs} ms`)), options.timeoutMs);
  try {
    await connected(socket, options.security === 'tls' ? 'secureConnect' : 'connect');
  } finally {
    clearTimeout(timer);
  }
  let reader = new LineReader(socket, options.timeoutMs);
  const command = async (line: string, shown = line): Promise<string> => {
    socket.write(`${line}\r\n`);
    const reply = await reader.next();
    if (!reply.startsWith('+OK')) {
      const auth = /^-ERR/.test(reply) && !/\[(SYS\/TEMP|IN-USE)\]/i.test(reply) && /^(USER|PASS)/.test(shown);
      throw new Pop3LoginError(auth ? 'auth' : 'protocol', `${shown} was refused: ${reply}`, reply);
    }
    return reply;
  };
  try {
    const greeting = await reader.next();
    if (!greeting.startsWith('+OK')) throw new Pop3LoginError('protocol', `not a POP3 greeting: ${greeting}`, greeting);
    if (options.security === 'starttls') {
      await command('STLS');
      reader.detach();
      const secure = tlsConnect({ socket, ...tlsOptions });
      await connected(secure, 'secureConnect');
      socket = secure;
      reader = new LineReader(socket, options.timeoutMs);
    }
    await command(`USER ${options.username}`);
    // The password is written to the socket only; error messages name the command, never the value.
    await command(`PASS ${options.password}`, 'PASS');
    await command('QUIT').catch(() => undefined);
  } finally {
    socket.destroy();
  }
}
