import { PassThrough, Writable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { describe, expect, it } from 'vitest';
import { DATA_PASSTHROUGH_OPTION, installDataPassthrough, passesUnchanged } from '../../../src/adapters/mail/transport/data-passthrough.js';
import { composeMessage } from '../../../src/adapters/mail/transport/mail-options.js';

installDataPassthrough();

/** Runs `chunks` through the DATA stream an SMTP connection creates, as on the wire. */
async function onTheWire(chunks: readonly Buffer[], passthrough: boolean): Promise<{ bytes: Buffer; inByteCount: number; outByteCount: number }> {
  const socket = new PassThrough();
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const connection = {
    options: passthrough ? { [DATA_PASSTHROUGH_OPTION]: true } : {},
    _envelope: {},
    _responseActions: [] as unknown[],
    _socket: socket,
    logger: { info: () => undefined, debug: () => undefined },
  };
  const createSendStream = (SMTPConnection.prototype as unknown as { _createSendStream: (cb: () => void) => NodeJS.ReadWriteStream & { inByteCount: number; outByteCount: number } })._createSendStream;
  const stream = createSendStream.call(connection, () => undefined);
  const ended = new Promise<void>((resolve) => stream.once('end', () => setImmediate(resolve)));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await ended;
  return { bytes: Buffer.concat(received), inByteCount: stream.inByteCount, outByteCount: stream.outByteCount };
}

/** Like {@link onTheWire}, onto a socket-like Writable that records each write or writev it is given. */
async function writesOnSocket(message: Buffer, passthrough: boolean): Promise<Buffer[][]> {
  const writes: Buffer[][] = [];
  const socket = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push([chunk]);
      callback();
    },
    writev(chunks, callback) {
      writes.push(chunks.map((c) => c.chunk as Buffer));
      callback();
    },
  });
  const connection = {
    options: passthrough ? { [DATA_PASSTHROUGH_OPTION]: true } : {},
    _envelope: {},
    _responseActions: [] as unknown[],
    _socket: socket,
    logger: { info: () => undefined, debug: () => undefined },
  };
  const createSendStream = (SMTPConnection.prototype as unknown as { _createSendStream: (cb: () => void) => NodeJS.ReadWriteStream })._createSendStream;
  const stream = createSendStream.call(connection, () => undefined);
  const ended = new Promise<void>((resolve) => stream.once('end', () => setImmediate(resolve)));
  stream.write(message);
  stream.end();
  await ended;
  return writes;
}

/** A deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('SMTP DATA pass-through', () => {
  it('judges line ends and leading dots across chunk boundaries', () => {
    const b = (text: string) => Buffer.from(text, 'latin1');
    expect(passesUnchanged(b('a\r\nb\r\n'), false)).toBe(true);
    expect(passesUnchanged(b('.a\r\n'), false)).toBe(false);
    expect(passesUnchanged(b('a\r\n.b'), false)).toBe(false);
    expect(passesUnchanged(b('a\nb'), false)).toBe(false);
    expect(passesUnchanged(b('a\rb'), false)).toBe(false);
    expect(passesUnchanged(b('a\r'), false)).toBe(true);
    expect(passesUnchanged(b('\nb'), 0x0d)).toBe(true);
    expect(passesUnchanged(b('\n.b'), 0x0d)).toBe(false);
    expect(passesUnchanged(b('b'), 0x0d)).toBe(false);
    expect(passesUnchanged(b('\nb'), 0x61)).toBe(false);
    expect(passesUnchanged(b('.b'), 0x0a)).toBe(false);
    expect(passesUnchanged(b('.b'), 0x61)).toBe(true);
  });

  it('puts the same bytes on the wire as nodemailer for any text and any chunking', async () => {
    const next = random(7);
    const alphabet = ['a', 'b', '.', '\r', '\n', '\r\n', '\r\n.', '\r\n..'];
    for (let round = 0; round < 400; round++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join('');
      const bytes = Buffer.from(text, 'latin1');
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(next() * 12);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const reference = await onTheWire(chunks, false);
      const fast = await onTheWire(chunks, true);
      expect(fast.bytes.toString('latin1'), JSON.stringify(text)).toBe(reference.bytes.toString('latin1'));
      expect([fast.inByteCount, fast.outByteCount]).toEqual([reference.inByteCount, reference.outByteCount]);
    }
  });

  it('passes a composed campaign message through unchanged, ended by CRLF "." CRLF', async () => {
    const raw = composeMessage({
      from: { name: '张伟', address: 'sender@example.test' },
      to: 'customer@example.test',
      subject: '新年快乐',
      text: 'Hello\n.a line that starts with a dot is stuffed\nbye',
      html: '<p>你好</p>'.repeat(300),
      messageId: '<m1@example.test>',
      headers: {},
    });
    expect(passesUnchanged(raw, false)).toBe(false); // the 7bit text part has a line starting with "."
    const wire = await onTheWire([raw], true);
    expect(wire.bytes.toString('latin1')).toBe((await onTheWire([raw], false)).bytes.toString('latin1'));
    const clean = composeMessage({
      from: { name: '张伟', address: 'sender@example.test' },
      to: 'customer@example.test',
      subject: '新年快乐',
      text: '你好\n祝您新年快乐',
      html: '<p>你好</p>'.repeat(300),
      messageId: '<m2@example.test>',
      headers: {},
    });
    expect(passesUnchanged(clean, false)).toBe(true);
    const out = await onTheWire([clean], true);
    expect(out.bytes.equals(Buffer.concat([clean, Buffer.from('.\r\n')]))).toBe(true);
  });

  it('hands the socket the message and its final "." line in one writev', async () => {
    const clean = composeMessage({
      from: { name: '张伟', address: 'sender@example.test' },
      to: 'customer@example.test',
      subject: '新年快乐',
      text: '你好',
      html: '<p>你好</p>'.repeat(300),
      messageId: '<m3@example.test>',
      headers: {},
    });
    const fast = await writesOnSocket(clean, true);
    expect(fast.map((w) => w.length)).toEqual([2]);
    expect(Buffer.concat(fast.flat()).equals(Buffer.concat([clean, Buffer.from('.\r\n')]))).toBe(true);
    // nodemailer's own path (no option) writes them one by one, the same bytes.
    const reference = await writesOnSocket(clean, false);
    expect(reference.length).toBeGreaterThan(1);
    expect(Buffer.concat(reference.flat()).equals(Buffer.concat(fast.flat()))).toBe(true);
  });
});
