// Issue #16, item 3: the SSRF guard checked a host's addresses, then the connection resolved the
// name again (DNS rebinding), and NAT64 / 6to4 / IPv4-compatible forms of loopback and private
// addresses passed. Here every connector is handed a resolver that answers an allowed address on
// the first question and a forbidden one on any later question: the connection must go to the
// address that was checked, and the forbidden listener must see nothing. TLS must still present
// the host name (SNI), not the address.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { embeddedIPv4, guardedHttpRequest, guardedLookup, guardedTarget, isPrivateAddress, pinnedLookup, type HostResolver } from '../../src/platform/net/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { ImapReader, Pop3Reader } from '../../src/modules/inbox/index.js';
import { SmtpTransport } from '../../src/modules/sending/index.js';
import { SmppProvider, TwilioProvider } from '../../src/adapters/sms/index.js';

/** Answers `first` to the first question and `later` to every other one, counting questions. */
function rebinding(first: string, later: string): HostResolver & { calls: number } {
  const resolve = Object.assign(
    async () => {
      resolve.calls += 1;
      const address = resolve.calls === 1 ? first : later;
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    },
    { calls: 0 },
  );
  return resolve;
}

/** A TCP listener that counts connections, keeps the first bytes a client sent, then hangs up. */
interface Listener {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  readonly firstBytes: Buffer[];
}

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(() => {
  for (const s of sockets) s.destroy();
  sockets.clear();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(host: string, port: number, greeting: string): Promise<Listener> {
  const state = { connections: 0, firstBytes: [] as Buffer[] };
  const server = createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', (chunk: Buffer) => {
      state.firstBytes.push(chunk);
      socket.destroy();
    });
    if (greeting) socket.write(greeting);
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    get firstBytes() {
      return state.firstBytes;
    },
  };
}

/** The checked address (127.0.0.1, allow-listed) and the rebound one (127.0.0.2, not) on one port. */
async function pair(greeting: string): Promise<{ checked: Listener; rebound: Listener }> {
  const checked = await listen('127.0.0.1', 0, greeting);
  const rebound = await listen('127.0.0.2', checked.port, greeting);
  return { checked, rebound };
}

const HOST = 'mail.rebind.test';
const ALLOW = '127.0.0.1';
const guardOf = (resolve: HostResolver) => ({ allowPrivateHosts: ALLOW, resolve });
const refused = (error: unknown) => (isTidingsError(error) ? error.code : String(error));

describe('security 03 (a): one resolution, and the connection goes to the address that was checked', () => {
  it('guardedTarget answers the checked public address; its lookup never asks DNS again; a later answer is judged', async () => {
    const resolve = rebinding('93.184.216.34', '127.0.0.1');
    const target = await guardedTarget(HOST, { resolve });
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4, servername: HOST });
    const answers = await new Promise<unknown>((done, fail) =>
      pinnedLookup(target)('anything.else', { all: true }, (error, all) => (error ? fail(error) : done(all))),
    );
    expect(answers).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(resolve.calls).toBe(1);
    // The rebound answer, when someone does ask again, is refused rather than used.
    expect(await guardedTarget(HOST, { resolve }).then(() => 'ok', refused)).toBe('ACCOUNT_HOST_FORBIDDEN');
  });

  it('a long-lived agent lookup checks every new connection', async () => {
    const lookup = guardedLookup({ resolve: rebinding('93.184.216.34', '127.0.0.1') }, 'test host');
    const ask = () => new Promise<unknown>((done) => lookup(HOST, { all: true }, (error, all) => done(error ? refused(error) : all)));
    expect(await ask()).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(await ask()).toBe('ACCOUNT_HOST_FORBIDDEN');
  });

  it('HTTP (autoconfig, Aliyun): the request reaches the checked address with the Host header of the name', async () => {
    const { checked, rebound } = await pair('');
    const resolve = rebinding('127.0.0.1', '127.0.0.2');
    await guardedHttpRequest(new URL(`http://${HOST}:${checked.port}/mail/config-v1.1.xml`), { guard: guardOf(resolve), setting: 'test' }).catch(() => undefined);
    expect(checked.connections).toBe(1);
    expect(rebound.connections).toBe(0);
    expect(resolve.calls).toBe(1);
    expect(Buffer.concat(checked.firstBytes).toString('latin1')).toContain(`Host: ${HOST}:${checked.port}`);
  });

  it('SMTP send (nodemailer pool): connects to the checked address only', async () => {
    const { checked, rebound } = await pair('220 mail.rebind.test ESMTP\r\n');
    const resolve = rebinding('127.0.0.1', '127.0.0.2');
    const transport = new SmtpTransport({ smtp: { host: HOST, port: checked.port, security: 'none' }, guard: guardOf(resolve) });
    try {
      await transport
        .send({ from: { name: 'A', address: 'a@example.test' }, to: 'b@example.test', subject: 's', text: 't', messageId: '<m@example.test>', headers: {} })
        .catch(() => undefined);
    } finally {
      await transport.close();
    }
    expect(checked.connections).toBe(1);
    expect(rebound.connections).toBe(0);
    expect(resolve.calls).toBe(1);
  });

  it('IMAP and POP3 (the poller readers): connect to the checked address only', async () => {
    for (const [protocol, greeting] of [
      ['imap', '* OK [CAPABILITY IMAP4rev1] ready\r\n'],
      ['pop3', '+OK ready\r\n'],
    ] as const) {
      const { checked, rebound } = await pair(greeting);
      const resolve = rebinding('127.0.0.1', '127.0.0.2');
      const connection = { host: HOST, port: checked.port, security: 'none' as const, username: 'u', password: 'p' };
      const reader =
        protocol === 'imap' ? new ImapReader({ ...connection, guard: guardOf(resolve) }) : new Pop3Reader({ connection, guard: guardOf(resolve), leaveCopy: true });
      try {
        const scan = reader.scan(new Map())[Symbol.asyncIterator]();
        await scan.next().catch(() => undefined);
      } finally {
        await reader.close().catch(() => undefined);
      }
      expect({ protocol, checked: checked.connections, rebound: rebound.connections, lookups: resolve.calls }).toEqual({ protocol, checked: 1, rebound: 0, lookups: 1 });
    }
  });

  it('Twilio API base URL: each new connection resolves through the guard; a rebound answer is refused, never connected', async () => {
    const { checked, rebound } = await pair('');
    const resolve = rebinding('127.0.0.2', '127.0.0.2');
    const provider = new TwilioProvider({
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: 'token',
      from: '+15005550006',
      apiBaseUrl: `http://api.rebind.test:${checked.port}`,
      guard: guardOf(resolve),
    });
    await expect(provider.send({ to: '+8613800000001', text: 'x', idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'ACCOUNT_HOST_FORBIDDEN' });
    expect(rebound.connections).toBe(0);
    expect(checked.connections).toBe(0);
    expect(resolve.calls).toBeGreaterThanOrEqual(1);
  });

  it('SMPP: connects to the checked address only', async () => {
    const { checked, rebound } = await pair('');
    const resolve = rebinding('127.0.0.1', '127.0.0.2');
    const provider = new SmppProvider({ host: HOST, port: checked.port, guard: guardOf(resolve), systemId: 's', password: 'p', sourceAddr: '1069', responseTimeoutMs: 2_000 });
    try {
      await provider.send({ to: '+8613800000001', text: 'x', idempotencyKey: 'k' }).catch(() => undefined);
    } finally {
      await provider.close().catch(() => undefined);
    }
    expect(checked.connections).toBe(1);
    expect(rebound.connections).toBe(0);
    expect(resolve.calls).toBe(1);
  });
});

describe('security 03 (b): IPv6 forms of IPv4 private/loopback addresses are judged by the IPv4 address inside', () => {
  it.each([
    ['64:ff9b::7f00:1', '127.0.0.1'], // NAT64 of loopback
    ['64:ff9b::a00:1', '10.0.0.1'], // NAT64 of a private address
    ['2002:7f00:1::', '127.0.0.1'], // 6to4 of loopback
    ['2002:a9fe:a9fe::', '169.254.169.254'], // 6to4 of the cloud metadata endpoint
    ['::ffff:127.0.0.1', '127.0.0.1'], // IPv4-mapped
    ['::ffff:7f00:1', '127.0.0.1'], // IPv4-mapped, hex spelling
    ['::127.0.0.1', '127.0.0.1'], // IPv4-compatible
  ])('%s (carries %s) is refused', async (address, v4) => {
    expect(embeddedIPv4(address)).toBe(v4);
    expect(isPrivateAddress(address)).toBe(true);
    expect(await guardedTarget(address).then(() => 'ok', refused)).toBe('ACCOUNT_HOST_FORBIDDEN');
    // A name resolving to it is refused as well.
    expect(await guardedTarget('sneaky.test', { resolve: async () => [{ address, family: 6 }] }).then(() => 'ok', refused)).toBe('ACCOUNT_HOST_FORBIDDEN');
  });

  it.each(['64:ff9b::808:808', '2002:808:808::1', '::ffff:8.8.8.8', '2001:4860:4860::8888'])('%s (a public address) is allowed', async (address) => {
    expect(isPrivateAddress(address)).toBe(false);
    expect(await guardedTarget(address)).toMatchObject({ address, family: 6, servername: undefined });
  });

  it('an allow-listed IPv4 range covers its mapped form, not other addresses', async () => {
    expect((await guardedTarget('::ffff:127.0.0.1', { allowPrivateHosts: '127.0.0.1/8' })).address).toBe('::ffff:127.0.0.1');
    expect(await guardedTarget('64:ff9b::a00:1', { allowPrivateHosts: '127.0.0.1/8' }).then(() => 'ok', refused)).toBe('ACCOUNT_HOST_FORBIDDEN');
  });
});

describe('security 03 (c): TLS is verified against the host name while the socket goes to the address', () => {
  /** The TLS ClientHello carries the SNI name in clear: the listener sees which name was asked for. */
  const sniOf = (listener: Listener) => Buffer.concat(listener.firstBytes).toString('latin1');

  it('HTTPS, SMTP (implicit TLS), IMAP and POP3 (implicit TLS) all present the host name', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const guard = { allowPrivateHosts: ALLOW, resolve };
    const https = await listen('127.0.0.1', 0, '');
    await guardedHttpRequest(new URL(`https://${HOST}:${https.port}/`), { guard, setting: 'test' }).catch(() => undefined);

    const smtp = await listen('127.0.0.1', 0, '');
    const transport = new SmtpTransport({ smtp: { host: HOST, port: smtp.port, security: 'tls' }, guard });
    await transport
      .send({ from: { name: 'A', address: 'a@example.test' }, to: 'b@example.test', subject: 's', text: 't', messageId: '<m@example.test>', headers: {} })
      .catch(() => undefined);
    await transport.close();

    const imap = await listen('127.0.0.1', 0, '');
    const imapReader = new ImapReader({ host: HOST, port: imap.port, security: 'tls', username: 'u', password: 'p', guard });
    await imapReader.scan(new Map())[Symbol.asyncIterator]().next().catch(() => undefined);
    await imapReader.close().catch(() => undefined);

    const pop3 = await listen('127.0.0.1', 0, '');
    const pop3Reader = new Pop3Reader({ connection: { host: HOST, port: pop3.port, security: 'tls', username: 'u', password: 'p' }, guard, leaveCopy: true });
    await pop3Reader.scan(new Map())[Symbol.asyncIterator]().next().catch(() => undefined);

    for (const [name, listener] of Object.entries({ https, smtp, imap, pop3 })) {
      expect({ name, connections: listener.connections, sni: sniOf(listener).includes(HOST) }).toEqual({ name, connections: 1, sni: true });
    }
  });

  it('an IP literal sends no SNI (RFC 6066) and a name always does', async () => {
    expect((await guardedTarget('127.0.0.1', { allowPrivateHosts: ALLOW })).servername).toBeUndefined();
    expect((await guardedTarget(HOST, { allowPrivateHosts: ALLOW, resolve: async () => [{ address: '127.0.0.1', family: 4 }] })).servername).toBe(HOST);
  });
});
