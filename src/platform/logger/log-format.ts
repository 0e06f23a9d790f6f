import PinoPretty from 'pino-pretty';
import type { DestinationStream } from 'pino';

/** How log lines are written: `pretty` for a person at a terminal, `json` for anything that parses them. */
export type LogFormat = 'pretty' | 'json';

/** Where lines go when no destination is given: stdout, or a stand-in with the same `isTTY` flag (tests). */
export interface LogOutput {
  readonly isTTY?: boolean | undefined;
  write(chunk: string): unknown;
}

/**
 * Readable lines only when a person is watching (the output is a terminal); JSON whenever the
 * output is a pipe or a file, so log shippers, `jq` and the tests always get one object a line.
 */
export function chooseLogFormat(output: Pick<LogOutput, 'isTTY'>): LogFormat {
  return output.isTTY === true ? 'pretty' : 'json';
}

/**
 * A pino destination that prettifies each line synchronously and writes it to `output`. In-process
 * (not pino-pretty's worker transport) so a line logged right before `process.exit` is not lost.
 */
export function prettyDestination(output: LogOutput, options: { colorize?: boolean } = {}): DestinationStream {
  const prettify = PinoPretty.prettyFactory({
    // Unset: pino-pretty's own detection (a colour terminal, NO_COLOR honoured).
    ...(options.colorize === undefined ? {} : { colorize: options.colorize }),
    translateTime: 'SYS:HH:MM:ss.l',
    // Same on every line of this process: noise for a person reading along.
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
  return { write: (line: string) => void output.write(prettify(line)) };
}
