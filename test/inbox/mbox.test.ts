import { describe, expect, it } from 'vitest';
import { isMbox, splitMbox, toMboxEntry } from '../../src/modules/inbox/index.js';

describe('mbox', () => {
  const one = Buffer.from('From: a@example.test\nSubject: one\n\nFrom the start\n>From quoted once\nbye\n');
  const two = Buffer.from('From: b@example.test\nSubject: two\n\nsecond\n');

  it('round-trips messages with "From " lines in the body (mboxrd quoting)', () => {
    const archive = Buffer.concat([toMboxEntry(one, 'a@example.test', new Date(0)), toMboxEntry(two)]);
    expect(archive.toString()).toContain('\n>From the start\n>>From quoted once\n');
    expect(isMbox(archive)).toBe(true);
    const messages = [...splitMbox(archive)].map((m) => m.toString());
    expect(messages).toEqual([one.toString(), two.toString()]);
  });

  it('does not split on "From " that does not follow a blank line', () => {
    const archive = Buffer.from('From x Thu Jan  1 00:00:00 1970\nSubject: s\n\nline\nFrom inside a paragraph\n\nFrom y Thu Jan  1 00:00:00 1970\nSubject: t\n\nz\n');
    const messages = [...splitMbox(archive)].map((m) => m.toString());
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('From inside a paragraph');
  });

  it('reads CRLF archives and ignores non-mbox data', () => {
    const archive = Buffer.from('From x Thu Jan  1 00:00:00 1970\r\nSubject: s\r\n\r\n>From y\r\n\r\n');
    expect([...splitMbox(archive)].map(String)).toEqual(['Subject: s\r\n\r\nFrom y\r\n']);
    expect([...splitMbox(Buffer.from('Subject: x\n\n'))]).toEqual([]);
  });
});
