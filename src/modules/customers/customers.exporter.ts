import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { formatBirthday } from './birthday.parser.js';
import { formatLunarBirthday } from './lunar-birthday.parser.js';
import { listCustomers } from './customer.query.js';
import { listCustomFields } from './custom-fields.js';
import { neutraliseCell } from './csv.cells.js';
import type { CustomerFilter } from './filter.schema.js';
import { listGroups } from './groups.repository.js';

/** Options for {@link exportCustomers}. */
export interface ExportOptions {
  /** Start with a UTF-8 byte order mark, so Excel opens Chinese text correctly. */
  readonly bom?: boolean;
  /** Only these customers (search text, group, filter); everybody by default. */
  readonly query?: string;
  readonly groupId?: number;
  readonly filter?: CustomerFilter;
  readonly timeZone?: string;
  readonly region?: string;
}

const BASE_COLUMNS = [
  'id', 'name', 'family_name', 'given_name', 'title', 'gender', 'company', 'email', 'other_emails', 'mobile', 'other_phones',
  'birthday', 'lunar_birthday', 'birthday_calendar', 'time_zone', 'language', 'owner', 'groups', 'notes', 'locked',
] as const;

/**
 * Writes customers as CSV to `out`, page by page (constant memory). The header names match the
 * importer's aliases and custom columns carry their type (`custom.vip:boolean`), so exporting and
 * importing into an empty store gives the same customers back. Every cell is neutralised against
 * formula injection (see csv.cells.ts); phone numbers come out as '+86…, which the importer reads
 * back as +86…. Returns the number of customers written.
 */
export async function exportCustomers(db: Kysely<DatabaseSchema>, out: Writable, options: ExportOptions = {}): Promise<number> {
  const fields = [...(await listCustomFields(db)).values()];
  const groupPaths = new Map((await listGroups(db)).map((g) => [g.id, g.path]));
  const header = [...BASE_COLUMNS, ...fields.map((f) => `custom.${f.name}:${f.type}`)];
  const csv = stringify({ bom: options.bom ?? false, record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
  const done = new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
  });
  csv.pipe(out);
  const write = async (record: readonly string[]) => {
    if (!csv.write(record.map(neutraliseCell))) await new Promise((resolve) => csv.once('drain', resolve));
  };
  await write(header);
  let count = 0;
  let cursor: string | null = null;
  do {
    const page = await listCustomers(db, { ...options, limit: 1000, cursor });
    for (const c of page.items) {
      const custom = fields.map((f) => {
        const v = c.custom[f.name];
        return v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
      });
      await write([
        String(c.id), c.displayName, c.familyName ?? '', c.givenName ?? '', c.title ?? '', c.gender ?? '', c.company ?? '',
        c.emails[0] ?? '', c.emails.slice(1).join('; '), c.phones[0] ?? '', c.phones.slice(1).join('; '),
        c.birthday ? formatBirthday(c.birthday) : '', c.lunarBirthday ? formatLunarBirthday(c.lunarBirthday) : '', c.birthdayCalendar, c.timeZone ?? '', c.language ?? '', c.owner ?? '',
        c.groupIds.map((id) => groupPaths.get(id)).filter((p) => p !== undefined).join('; '),
        c.notes ?? '', c.locked ? '1' : '0', ...custom,
      ]);
      count++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  csv.end();
  await done;
  return count;
}
