/*
 * mbox archives (RFC 4155): messages separated by lines starting "From " (after a blank line or
 * at the start); a body line that starts with "From " is written as ">From ", and in the mboxrd
 * variant every ">…>From " gains one more ">". Reading undoes one level, which is right for
 * mboxrd and for the usual mboxo files alike.
 */
import { systemClock } from '../../../platform/clock/index.js';

const SEPARATOR = /^From /;
const QUOTED_FROM = /^>+From /;

/** Splits an mbox archive into raw messages (CRLF or LF kept as found). */
export function* splitMbox(archive: Buffer): Generator<Buffer> {
  const text = archive.toString('latin1');
  if (!text.startsWith('From ')) return;
  const lines = text.split(/(?<=\n)/);
  let current: string[] = [];
  let started = false;
  let previousBlank = true;
  for (const line of lines) {
    if (SEPARATOR.test(line) && previousBlank) {
      if (started) yield finish(current);
      current = [];
      started = true;
      previousBlank = false;
      continue;
    }
    current.push(QUOTED_FROM.test(line) ? line.slice(1) : line);
    previousBlank = line === '\n' || line === '\r\n';
  }
  if (started) yield finish(current);
}

/** The blank line before the next separator belongs to the archive, not the message. */
function finish(lines: string[]): Buffer {
  const last = lines[lines.length - 1];
  if (last === '\n' || last === '\r\n') lines = lines.slice(0, -1);
  return Buffer.from(lines.join(''), 'latin1');
}

/** One message as an mboxrd entry: separator line, quoted body, trailing blank line. */
export function toMboxEntry(raw: Buffer, sender = 'MAILER-DAEMON', date = systemClock.date()): Buffer {
  const body = raw
    .toString('latin1')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => (/^>*From /.test(line) ? `>${line}` : line))
    .join('\n');
  const separator = `From ${sender.replace(/\s/g, '') || 'MAILER-DAEMON'} ${date.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4')}\n`;
  return Buffer.from(`${separator}${body.endsWith('\n') ? body : `${body}\n`}\n`, 'latin1');
}

/** True when the bytes look like an mbox archive rather than a single message. */
export const isMbox = (data: Buffer): boolean => data.subarray(0, 5).toString('latin1') === 'From ';
