import { expect, it } from 'vitest';
import { chooseLogFormat, createLogger, type LogOutput } from '../../src/platform/logger/index.js';

/** Stands in for stdout: a terminal or a pipe, by its `isTTY` flag alone. */
function fakeStdout(isTTY: boolean | undefined): LogOutput & { lines: () => string[] } {
  const chunks: string[] = [];
  return { isTTY, write: (chunk: string) => chunks.push(chunk), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

it('chooses readable lines for a terminal and JSON for anything else', () => {
  expect(chooseLogFormat({ isTTY: true })).toBe('pretty');
  expect(chooseLogFormat({ isTTY: false })).toBe('json');
  // A pipe or a file: Node leaves isTTY undefined.
  expect(chooseLogFormat({})).toBe('json');
});

it('writes one readable line per entry to a terminal: time, level, message and fields, secrets still redacted', () => {
  const out = fakeStdout(true);
  const logger = createLogger({ level: 'info', output: out });
  logger.info({ account: 'mail:3', password: 'S3cret' }, 'inbox polled');
  logger.warn('balance low');
  const [first, second] = out.lines();
  expect(out.lines()).toHaveLength(2);
  expect(first).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: inbox polled /);
  expect(first).toContain('"account":"mail:3"');
  expect(first).not.toContain('S3cret');
  expect(first).not.toContain('"service"');
  // Not colourised for a stand-in: no escape codes in what a test (or a log file) would read.
  expect(first).not.toContain('\u001b[');
  expect(second).toMatch(/WARN: balance low$/);
  expect(() => JSON.parse(first!)).toThrow();
});

it('writes JSON, one object a line, when the output is not a terminal', () => {
  const out = fakeStdout(undefined);
  const logger = createLogger({ level: 'info', output: out });
  logger.info({ account: 'mail:3', token: 'S3cret' }, 'inbox polled');
  const lines = out.lines();
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'inbox polled', account: 'mail:3', token: '••••', service: 'tidings' });
});
