import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { TidingsError } from '../../platform/errors/index.js';

/** Encodings the importer reads; `auto` picks UTF-8 when the bytes are valid UTF-8, else GB18030. */
export type CsvEncoding = 'auto' | 'utf8' | 'gbk' | 'gb18030' | 'utf16le';

const SAMPLE_BYTES = 256 * 1024;

/** Drops an incomplete UTF-8 sequence cut off at the end of a sample. */
function trimPartialUtf8(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if ((byte & 0x80) === 0) return bytes; // ASCII: nothing cut
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return back < need ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/**
 * Guesses the encoding from the first 256 KiB: a UTF-16 BOM, else UTF-8 when the bytes decode as
 * UTF-8, else GB18030 (a superset of GBK and GB2312, what Excel in China writes as "CSV").
 */
export function detectEncoding(sample: Buffer): Exclude<CsvEncoding, 'auto'> {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(sample));
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** A physical line of the decoded file, numbered from 1. */
interface Line {
  readonly text: string;
  readonly no: number;
}

/** One CSV record, or the reason a line could not be read as one. */
export type CsvRecord =
  | { readonly line: number; readonly cells: string[]; readonly error?: undefined }
  | { readonly line: number; readonly cells?: undefined; readonly error: string };

/** What {@link readCsv} found out about the file before the records. */
export interface CsvFile {
  readonly encoding: Exclude<CsvEncoding, 'auto'>;
  readonly delimiter: string;
  readonly header: string[];
  /** The data records, streamed. */
  readonly records: AsyncIterable<CsvRecord>;
}

/** A multi-line quoted cell longer than this many lines is taken for a stray quote. */
const MAX_RECORD_LINES = 50;

const countQuotes = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

function parseRecord(text: string, delimiter: string): string[] {
  // Without a quote a record is just its cells (RFC 4180); most rows of a real file take this path.
  if (!text.includes('"')) return text.split(delimiter);
  const rows = parse(text, { delimiter, relax_column_count: true, bom: false, skip_empty_lines: false }) as string[][];
  if (rows.length !== 1) throw new Error(`expected one record, found ${rows.length}`);
  return rows[0] as string[];
}

/**
 * Splits decoded lines into CSV records, resynchronising after a stray quote: a record is
 * complete when its quotes balance; when a multi-line record does not parse or has the wrong
 * number of cells, only its FIRST line is reported bad and reading restarts at the next line — so
 * one unbalanced quote (`"王五,wang@x.test`) costs one row, not the rest of the file. csv-parse
 * reads each record's cells (quoting and "" escapes per RFC 4180).
 */
async function* splitRecords(lines: AsyncIterator<Line>, delimiter: string, width: () => number): AsyncGenerator<CsvRecord> {
  const pending: Line[] = [];
  const next = async (): Promise<Line | undefined> => {
    if (pending.length > 0) return pending.shift();
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  for (;;) {
    const first = await next();
    if (!first) return;
    if (first.text.trim() === '' ) continue;
    const record = [first];
    let quotes = countQuotes(first.text);
    while (quotes % 2 === 1 && record.length < MAX_RECORD_LINES) {
      const line = await next();
      if (!line) break;
      record.push(line);
      quotes += countQuotes(line.text);
    }
    let cells: string[] | undefined;
    let error: string | undefined;
    if (quotes % 2 === 1) error = 'unbalanced quote (a " that is never closed)';
    else {
      try {
        cells = parseRecord(record.map((l) => l.text).join('\n'), delimiter);
      } catch (cause) {
        error = `malformed CSV: ${(cause as Error).message.replace(/\s+/g, ' ').slice(0, 160)}`;
      }
    }
    const expected = width();
    if (cells && record.length > 1 && expected > 0 && cells.length !== expected) {
      error = `a quote joins ${record.length} lines into one row of ${cells.length} cells (the header has ${expected}); probably a stray quote`;
      cells = undefined;
    }
    if (cells) {
      yield { line: first.no, cells };
      continue;
    }
    yield { line: first.no, error: error ?? 'unreadable row' };
    pending.unshift(...record.slice(1));
  }
}

/**
 * Opens a CSV file for streaming: decodes it (UTF-8 with or without BOM, GBK/GB18030, UTF-16 with
 * BOM), detects the delimiter from the header (comma, semicolon or tab), and streams the records.
 * Memory stays flat: one line (or one multi-line record) at a time.
 */
export async function readCsv(path: string, encoding: CsvEncoding = 'auto'): Promise<CsvFile> {
  let sample: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
      sample = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new TidingsError('CUSTOMER_FILE_UNREADABLE', `Cannot read ${path}: ${(cause as Error).message}`, { cause, context: { path } });
  }
  const chosen = encoding === 'auto' ? detectEncoding(sample) : encoding === 'gbk' ? 'gb18030' : encoding;
  if (!iconv.encodingExists(chosen)) {
    throw new TidingsError('CUSTOMER_FILE_UNREADABLE', `Unknown encoding ${encoding}; use utf8, gbk, gb18030 or utf16le`, { context: { encoding } });
  }
  // iconv strips a leading BOM (stripBOM defaults to true), so Excel's "CSV UTF-8" reads cleanly.
  const decoded = createReadStream(path).pipe(iconv.decodeStream(chosen));
  const reader = createInterface({ input: decoded, crlfDelay: Infinity });
  const lines = (async function* () {
    let no = 0;
    for await (const text of reader) yield { text: no === 0 ? text.replace(/^\uFEFF/, '') : text, no: ++no };
  })();
  const iterator = lines[Symbol.asyncIterator]();
  // The header: the first non-empty line.
  let headerLine: Line | undefined;
  for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
    if (r.value.text.trim() !== '') {
      headerLine = r.value;
      break;
    }
  }
  if (!headerLine) {
    reader.close();
    throw new TidingsError('CUSTOMER_FILE_UNREADABLE', `${path} is empty: expected a header row such as 姓名,手机,邮箱`, { context: { path } });
  }
  const text = headerLine.text;
  const delimiter = ['\t', ';', ','].map((d) => ({ d, n: text.split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ?? ',';
  let header: string[];
  try {
    header = parseRecord(text, delimiter).map((h) => h.trim());
  } catch (cause) {
    reader.close();
    throw new TidingsError('CUSTOMER_FILE_UNREADABLE', `The header row of ${path} is not CSV: ${(cause as Error).message}`, { cause });
  }
  return { encoding: chosen, delimiter, header, records: splitRecords(iterator, delimiter, () => header.length) };
}
