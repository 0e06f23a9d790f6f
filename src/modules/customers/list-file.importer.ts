import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { importCustomers, type ImportResult } from './customers.importer.js';
import { ensureGroupPath } from './groups.repository.js';

/** Parent group of the groups made from recipient list files. */
export const LIST_GROUP_ROOT = 'Imported lists';

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (cause) {
    throw new TidingsError('CUSTOMER_FILE_UNREADABLE', `Cannot read the list file ${path}: ${(cause as Error).message}`, { cause, context: { path } });
  }
  return hash.digest('hex');
}

/**
 * Turns a recipient list file (a CSV with at least an email or phone column, names optional) into
 * a static group "Imported lists/<file name> <hash>" and returns its id. The first time, every row
 * is imported: unknown addresses become customers (so replies and history file under them), known
 * ones are matched and left as they are. The group is keyed by the file's content hash, so the
 * same file resolves to the same group again without re-reading it, and an edited file gets a new
 * group. Rows that cannot be read are left out of the list.
 */
export async function importListFile(
  db: Kysely<DatabaseSchema>,
  path: string,
  options: { region: string },
): Promise<number> {
  const hash = await fileHash(path);
  const name = `${basename(path).replace(/\//g, '_').slice(0, 80)} ${hash.slice(0, 12)}`;
  const groupPath = `${LIST_GROUP_ROOT}/${name}`;
  const root = await db.selectFrom('groups').select('id').where('name', '=', LIST_GROUP_ROOT).where('parent_id', 'is', null).executeTakeFirst();
  if (root) {
    const existing = await db.selectFrom('groups').select('id').where('parent_id', '=', Number(root.id)).where('name', '=', name).executeTakeFirst();
    if (existing) return Number(existing.id);
  }
  const groupId = await ensureGroupPath(db, groupPath);
  const result: ImportResult = await importCustomers(db, path, {
    region: options.region,
    onDuplicate: 'skip',
    requireName: false,
    groupIds: [groupId],
    maxErrors: 0,
  });
  void result;
  return groupId;
}
