import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/modules/inbox/index.js';

/** A tiny scripted POP3 server: `handle` answers each command line. */
async function scriptedServer(handle: (line: string, socket: Socket) => string | undefined, greeting = '+OK ready'): Promise<{ server: Server; port: number; log: string[] }> {
  const log: string[] = [];
  const server = createServer((socket) => {
    socket.write(`${greeting}\r\n`);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        log.push(line);
        const reply = handle(line, socket);
        if (reply !== undefined) socket.write(reply);
        if (line === 'QUIT') socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, log };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const login = (line: string) => (line.startsWith('USER') || line.startsWith('PASS') ? '+OK\r\n' : undefined);

describe('Pop3Client against a scripted server', () => {
  it('logs in, lists UIDs, retrieves with dot-unstuffing, deletes and quits', async () => {
    // Dot-stuffed on the wire: a body line "." is sent as "..", ".leading" as "..leading".
    const message = 'Subject: x\r\n\r\n..leading dot\r\n..\r\n.\r\n';
    const { server, port, log } = await scriptedServer((line) => {
      const auth = login(line);
      if (auth) return auth;
      if (line === 'UIDL') return '+OK\r\n1 aaa\r\n2 bbb\r\n.\r\n';
      if (line === 'RETR 1') return `+OK 30 octets\r\n${message}`;
      if (line === 'DELE 1') return '+OK deleted\r\n';
      if (line === 'CAPA') return '+OK\r\nUIDL\r\nUSER\r\n.\r\n';
      if (line === 'QUIT') return '+OK bye\r\n';
      return '-ERR unknown\r\n';
    });
    servers.push(server);
    const client = await Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', username: 'u@example.test', password: 'secret' });
    expect(await client.capa()).toEqual(['UIDL', 'USER']);
    expect(await client.uidl()).toEqual([{ n: 1, uid: 'aaa' }, { n: 2, uid: 'bbb' }]);
    const raw = (await client.retr(1)).toString();
    expect(raw).toBe('Subject: x\r\n\r\n.leading dot\r\n.\r\n');
    await client.dele(1);
    await client.quit();
    expect(log).toEqual(['USER u@example.test', 'PASS secret', 'CAPA', 'UIDL', 'RETR 1', 'DELE 1', 'QUIT']);
  });

  it('rejects a refused password with INBOX_AUTH_FAILED naming host:port and the server text', async () => {
    const { server, port } = await scriptedServer((line) => (line.startsWith('USER') ? '+OK\r\n' : '-ERR [AUTH] Authentication failed.\r\n'));
    servers.push(server);
    const error = await Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', username: 'u', password: 'wrong' }).catch((e) => e);
    expect(error.code).toBe('INBOX_AUTH_FAILED');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('[AUTH] Authentication failed.');
    expect(error.message).not.toContain('wrong');
  });

  it('reports an -ERR to a command as INBOX_PROTOCOL_ERROR and keeps the session usable', async () => {
    const { server, port } = await scriptedServer((line) => login(line) ?? (line === 'RETR 9' ? '-ERR no such message\r\n' : line === 'QUIT' ? '+OK\r\n' : '-ERR\r\n'));
    servers.push(server);
    const client = await Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', username: 'u', password: 'p' });
    await expect(client.retr(9)).rejects.toMatchObject({ code: 'INBOX_PROTOCOL_ERROR' });
    await client.quit();
  });

  it('fails with INBOX_CONNECT_FAILED when nothing listens, and when STLS is refused', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await expect(Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', username: 'u', password: 'p' })).rejects.toMatchObject({ code: 'INBOX_CONNECT_FAILED' });
    const { server, port: p2 } = await scriptedServer((line) => (line === 'STLS' ? '-ERR not supported\r\n' : '+OK\r\n'));
    servers.push(server);
    await expect(Pop3Client.connect({ host: '127.0.0.1', port: p2, security: 'starttls', username: 'u', password: 'p' })).rejects.toMatchObject({ code: 'INBOX_CONNECT_FAILED' });
  });

  it('bounds message size and line length', async () => {
    const { server, port } = await scriptedServer((line) => login(line) ?? (line === 'RETR 1' ? `+OK\r\n${'x'.repeat(5000)}\r\n.\r\n` : line === 'UIDL' ? `+OK\r\n${'y'.repeat(2_000_000)}` : undefined));
    servers.push(server);
    const client = await Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', username: 'u', password: 'p', maxMessageBytes: 1000 });
    await expect(client.retr(1)).rejects.toMatchObject({ code: 'INBOX_PROTOCOL_ERROR' });
    client.close();
  });

  it('times out a silent server', async () => {
    const { server, port } = await scriptedServer(() => undefined, '+OK hi');
    servers.push(server);
    await expect(Pop3Client.connect({ host: '127.0.0.1', port, security: 'none', username: 'u', password: 'p', timeoutMs: 200 })).rejects.toMatchObject({ code: 'INBOX_CONNECT_FAILED' });
  });
});
