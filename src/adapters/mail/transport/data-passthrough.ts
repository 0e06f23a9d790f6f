import type { Transform, TransformCallback } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/**
 * True when SMTP DATA would carry `chunk` unchanged: every line ends in CRLF (no bare CR or LF)
 * and no line starts with a dot. `previous` is the last byte of the chunk before (false at the
 * start of the message). The scan runs on Buffer.indexOf (memchr), one call per line: about a
 * tenth of a byte-by-byte JavaScript loop over a 16 KB message.
 */
export function passesUnchanged(chunk: Buffer, previous: number | false): boolean {
  const first = chunk[0];
  if (first === undefined) return true;
  if (previous === CR && first !== LF) return false;
  if ((previous === LF || previous === false) && first === DOT) return false;
  let lineFeeds = 0;
  for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
    const before = at === 0 ? previous : chunk[at - 1];
    if (before !== CR || chunk[at + 1] === DOT) return false;
    if (at > 0) lineFeeds++;
  }
  // Each LF after the first byte follows its own CR (checked above), so every CR begins a CRLF
  // when there are as many CRs as those LFs — not counting a CR as the last byte, which the next
  // chunk (or nodemailer's end of data) completes.
  let carriageReturns = 0;
  for (let at = chunk.indexOf(CR); at !== -1; at = chunk.indexOf(CR, at + 1)) carriageReturns++;
  const openAtEnd = chunk[chunk.length - 1] === CR ? 1 : 0;
  return carriageReturns - openAtEnd === lineFeeds;
}

/** nodemailer's DataStream fields the pass-through keeps up to date (its `_flush` reads `lastByte`). */
interface DataStreamState extends Transform {
  inByteCount: number;
  outByteCount: number;
  lastByte: number | false;
}

/** The SMTP connection option that turns the pass-through on for a pool's connections. */
export const DATA_PASSTHROUGH_OPTION = 'tidingsDataPassthrough';

let installed = false;

/** The connection's socket when it can be corked (a net/tls socket; tests pass plain streams too). */
function corkable(socket: unknown): { cork(): void; uncork(): void } | undefined {
  const candidate = socket as { cork?: unknown; uncork?: unknown } | undefined;
  return candidate && typeof candidate.cork === 'function' && typeof candidate.uncork === 'function' ? (candidate as { cork(): void; uncork(): void }) : undefined;
}

/**
 * Lets nodemailer's SMTP DATA stream pass a message through as it is when it needs no dot-stuffing
 * or line-end repair, for connections whose options carry {@link DATA_PASSTHROUGH_OPTION}.
 *
 * nodemailer's DataStream inspects every byte in JavaScript (~70 µs of CPU for the 16 KB bench
 * message, the largest single cost left in nodemailer) even though a message composed by
 * src/send/transport/mime.composer.ts nearly never has anything to change: CRLF throughout,
 * base64 lines, headers. A chunk that does need changes — or any chunk on a connection without
 * the option (nodemailer used elsewhere in the process, the benchmark's baseline) — goes through
 * nodemailer's own code, so the bytes on the wire are the same either way (a unit test compares
 * them). Wraps `SMTPConnection.prototype._createSendStream` (an internal of nodemailer 10); if a
 * later version renames it, this does nothing and nodemailer's path runs as before.
 */
export function installDataPassthrough(): void {
  if (installed) return;
  installed = true;
  const prototype = SMTPConnection.prototype as unknown as {
    options?: Record<string, unknown>;
    _createSendStream?: (this: { options?: Record<string, unknown>; _socket?: unknown }, callback: unknown) => DataStreamState;
  };
  const original = prototype._createSendStream;
  if (typeof original !== 'function') return;
  prototype._createSendStream = function (callback) {
    const stream = original.call(this, callback);
    if (this.options?.[DATA_PASSTHROUGH_OPTION] !== true || typeof stream._transform !== 'function') return stream;
    const transform = stream._transform;
    const socket = corkable(this._socket);
    let corked = false;
    stream._transform = function (this: DataStreamState, chunk: unknown, encoding: BufferEncoding, done: TransformCallback) {
      if (!Buffer.isBuffer(chunk) || chunk.length === 0 || !passesUnchanged(chunk, this.lastByte)) {
        transform.call(this, chunk, encoding, done);
        return;
      }
      if (socket && !corked) {
        // The connection writes the message and then, from the stream's flush in the same
        // turn, the final "." line: corked until the turn ends they leave in one writev, one
        // system call (on loopback also the receiver's work) fewer per message. Order and
        // bytes are the socket's own; uncork runs whatever happens to the stream.
        corked = true;
        socket.cork();
        process.nextTick(() => socket.uncork());
      }
      this.inByteCount += chunk.length;
      this.outByteCount += chunk.length;
      this.lastByte = chunk[chunk.length - 1]!;
      this.push(chunk);
      done();
    };
    return stream;
  };
}
