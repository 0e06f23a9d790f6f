import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { normaliseCustomer, type CustomerData, type CustomerInput, type FieldIssue } from './customer.schema.js';
import { dependentRows, findCustomer, insertCustomerRow, insertDependentRows, toData, writeCustomerData, type DependentRows } from './customer.repository.js';
import { defineCustomField, listCustomFields, type CustomFieldDef } from './custom-fields.js';
import { unneutraliseCell } from './csv.cells.js';
import { readCsv, type CsvEncoding } from './csv.reader.js';
import { ensureGroupPath } from './groups.repository.js';
import { mapHeader, targetName, type ColumnTarget } from './header.mapping.js';

/** Options for {@link importCustomers}. */
export interface ImportOptions {
  /** Region for national phone numbers (TIDINGS_DEFAULT_REGION). */
  readonly region: string;
  /** File encoding; `auto` (default) reads UTF-8 when valid, else GB18030/GBK. */
  readonly encoding?: CsvEncoding;
  /**
   * A row whose email or phone belongs to an existing customer: `update` that customer (non-empty
   * cells win; addresses and groups are added), or `skip` it (default). Either way the customer
   * joins `groupIds`.
   */
  readonly onDuplicate?: 'update' | 'skip';
  /** Check everything and count, write nothing (each batch is rolled back). */
  readonly dryRun?: boolean;
  /** Header → target overrides (`--map`), keyed by {@link headerKey}. */
  readonly map?: ReadonlyMap<string, ColumnTarget>;
  /** Every imported or matched customer joins these static groups. */
  readonly groupIds?: readonly number[];
  /** Rows without a name fail (default). Off for recipient lists: the address becomes the name. */
  readonly requireName?: boolean;
  /** Rows per transaction (default 500). */
  readonly batchSize?: number;
  /** How many errors to keep in the result (default 1000); counts stay exact. */
  readonly maxErrors?: number;
  /** Called for every error, in file order (e.g. to write the full error report). */
  readonly onError?: (error: ImportError) => void | Promise<void>;
}

/** One problem with one row. */
export interface ImportError {
  /** Line number in the file (the header is line 1). */
  readonly row: number;
  /** The header of the offending column, or "" for the whole row. */
  readonly column: string;
  readonly reason: string;
}

/** What an import did. */
export interface ImportResult {
  readonly imported: number;
  readonly updated: number;
  readonly skipped: number;
  /** Rows not written (each has at least one entry in the error report). */
  readonly failed: number;
  /** The first `maxErrors` errors. */
  readonly errors: ImportError[];
  readonly errorsTruncated: boolean;
  /** Header cells that map to nothing (check the spelling or use --map). */
  readonly ignoredColumns: string[];
  /** Every header cell in file order with the target it was read into (what a mapping step shows and edits). */
  readonly columns: { readonly header: string; readonly target: string }[];
  readonly encoding: string;
  readonly dryRun: boolean;
}

/** A row that passed the checks that need no database. */
interface CheckedRow {
  readonly line: number;
  readonly input: CustomerInput;
  readonly data: CustomerData;
  readonly groups: string[];
}

const LIST_SPLIT = /[;；,，、|\n]+/;

/** "A/B; C" → two paths. Commas separate only when there is no semicolon (group names may hold commas). */
function splitGroups(value: string): string[] {
  const bySemicolon = value.split(/[;；|\n]+/);
  const parts = bySemicolon.length > 1 ? bySemicolon : value.split(/[,，、]+/);
  return parts.map((g) => g.trim()).filter((g) => g !== '');
}

interface RowMapping {
  readonly input: CustomerInput;
  readonly groups: string[];
  /** Header of the column an issue field came from: emails.1 → "邮箱2". */
  columnOf(field: string): string;
  readonly problems: FieldIssue[];
}

function mapRow(cells: readonly string[], header: readonly string[], targets: readonly ColumnTarget[], fields: ReadonlyMap<string, CustomFieldDef>): RowMapping {
  const input: { -readonly [K in keyof CustomerInput]: CustomerInput[K] } = {};
  const emails: string[] = [];
  const emailColumns: string[] = [];
  const phones: string[] = [];
  const phoneColumns: string[] = [];
  const custom: Record<string, string> = {};
  const groups: string[] = [];
  const columns = new Map<string, string>();
  const problems: FieldIssue[] = [];
  targets.forEach((target, i) => {
    const column = header[i] ?? `column ${i + 1}`;
    const value = unneutraliseCell(cells[i] ?? '').trim();
    if (value === '' || target.kind === 'ignore') return;
    if (target.kind === 'custom') {
      if (!fields.has(target.name)) return;
      custom[target.name] = value;
      columns.set(`custom.${target.name}`, column);
      return;
    }
    const field = target.field;
    switch (field) {
      case 'email':
      case 'emails':
        for (const v of field === 'email' ? [value] : value.split(LIST_SPLIT)) {
          emails.push(v);
          emailColumns.push(column);
        }
        return;
      case 'phone':
      case 'phones':
        // A cell of "138…; 139…" holds two numbers; spaces and dashes inside one are kept.
        for (const v of field === 'phone' ? value.split(/[;；,，、|\n]+/) : value.split(LIST_SPLIT)) {
          phones.push(v);
          phoneColumns.push(column);
        }
        return;
      case 'groups':
        groups.push(...splitGroups(value));
        columns.set('groups', column);
        return;
      case 'locked': {
        const yes = /^(1|true|yes|y|是|锁定)$/i.test(value);
        const no = /^(0|false|no|n|否)$/i.test(value);
        if (!yes && !no) problems.push({ field: 'locked', reason: `"${value}" is not yes/no` });
        input.locked = yes;
        columns.set('locked', column);
        return;
      }
      default:
        (input as Record<string, unknown>)[field] = value;
        columns.set(field, column);
    }
  });
  if (emails.length > 0) input.emails = emails;
  if (phones.length > 0) input.phones = phones;
  if (Object.keys(custom).length > 0) input.custom = custom;
  return {
    input,
    groups,
    problems,
    columnOf(field: string) {
      const [head, index] = field.split('.');
      if (head === 'emails') return emailColumns[Number(index)] ?? '';
      if (head === 'phones') return phoneColumns[Number(index)] ?? '';
      if (head === 'customer') return '';
      if (head === 'name') {
        const at = targets.findIndex((t) => t.kind === 'field' && ['name', 'familyName', 'givenName'].includes(t.field));
        return at >= 0 ? (header[at] ?? 'name') : 'name';
      }
      return columns.get(field) ?? columns.get(head ?? '') ?? head ?? '';
    },
  };
}

/**
 * Imports customers from a CSV file, streaming: constant memory whatever the size. Each row is
 * checked on its own; a bad row is reported (line, column, reason) and never stops the good ones.
 * Rows are written in batches of `batchSize` per transaction with a savepoint per row, so a row
 * is all-or-nothing (customer, addresses, custom fields, groups) and a batch costs one commit.
 * Duplicates (same email or phone as an existing customer, or as an earlier row) are updated or
 * skipped as asked; a row matching two different customers is an error.
 */
export async function importCustomers(db: Kysely<DatabaseSchema>, path: string, options: ImportOptions): Promise<ImportResult> {
  const file = await readCsv(path, options.encoding ?? 'auto');
  const { targets, ignored } = mapHeader(file.header, options.map);
  const dryRun = options.dryRun ?? false;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const maxErrors = options.maxErrors ?? 1000;
  const onDuplicate = options.onDuplicate ?? 'skip';

  // Custom columns: define missing fields (typed when the header says so: custom.vip:boolean).
  const fields = new Map(await listCustomFields(db));
  for (const target of targets) {
    if (target.kind !== 'custom' || fields.has(target.name)) continue;
    const def = { name: target.name, type: target.type ?? 'text', label: null } as const;
    fields.set(target.name, dryRun ? def : await defineCustomField(db, def));
  }

  let imported = 0;
  let updated = 0;
  let skipped = 0;
  let failed = 0;
  const errors: ImportError[] = [];
  let errorCount = 0;
  const report = async (error: ImportError) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(error);
    await options.onError?.(error);
  };
  const groupCache = new Map<string, number>();

  /**
   * Writes a batch in one transaction. Fast path: no savepoints. If any row fails, the batch is
   * rolled back and written again with a savepoint per row, so the failing row is left out whole
   * and the others go in.
   */
  const flush = async (batch: CheckedRow[]) => {
    if (batch.length === 0) return;
    let outcomes = await writeBatch(batch, false);
    if (outcomes === undefined) outcomes = (await writeBatch(batch, true)) ?? [];
    for (const { outcome } of outcomes) {
      if (outcome === 'imported') imported++;
      else if (outcome === 'updated') updated++;
      else if (outcome === 'skipped') skipped++;
      else {
        failed++;
        for (const e of outcome) await report(e);
      }
    }
  };

  type Outcome = { line: number; outcome: 'imported' | 'updated' | 'skipped' | ImportError[] };
  /** Returns undefined when `savepoints` is off and a row failed (the batch was rolled back). */
  const writeBatch = async (batch: CheckedRow[], savepoints: boolean): Promise<Outcome[] | undefined> => {
    const trx = await db.startTransaction().execute();
    const outcomes: Outcome[] = [];
    const created = new Map<string, number>();
    try {
      if (!savepoints) {
        try {
          outcomes.push(...(await writeFast(trx, batch, created)));
        } catch {
          await trx.rollback().execute();
          return undefined;
        }
      }
      for (const row of savepoints ? batch : []) {
        const sp = await trx.savepoint('row').execute();
        const createdBefore = new Map(created);
        try {
          const outcome = await writeRow(sp, row, created);
          await sp.releaseSavepoint('row').execute();
          outcomes.push({ line: row.line, outcome });
        } catch (error) {
          await sp.rollbackToSavepoint('row').execute();
          created.clear();
          for (const [k, v] of createdBefore) created.set(k, v);
          const reason = error instanceof Error ? error.message : String(error);
          outcomes.push({ line: row.line, outcome: [{ row: row.line, column: '', reason }] });
        }
      }
      if (dryRun) await trx.rollback().execute();
      else await trx.commit().execute();
    } catch (error) {
      if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
      throw error;
    }
    // Groups made by this batch exist only once it is committed.
    if (!dryRun) for (const [path, id] of created) groupCache.set(path, id);
    return outcomes;
  };

  /**
   * The fast path for a batch: one lookup of every address in the batch, then for each new
   * customer one INSERT, its addresses / custom values / search text / groups gathered and
   * inserted with one multi-row INSERT per table. A row that matches an existing customer, or an
   * earlier row of the same batch, flushes what is gathered and goes through {@link writeRow}.
   * Any error aborts the batch (the caller retries it with savepoints).
   */
  async function writeFast(trx: Kysely<DatabaseSchema>, batch: CheckedRow[], created: Map<string, number>): Promise<Outcome[]> {
    const emails = batch.flatMap((r) => r.data.emails);
    const phones = batch.flatMap((r) => r.data.phones);
    const taken = new Set<string>();
    for (let i = 0; i < emails.length; i += 2000) {
      const rows = await trx.selectFrom('customer_emails').select('email').where('email', 'in', emails.slice(i, i + 2000)).execute();
      for (const r of rows) taken.add(r.email);
    }
    for (let i = 0; i < phones.length; i += 2000) {
      const rows = await trx.selectFrom('customer_phones').select('e164').where('e164', 'in', phones.slice(i, i + 2000)).execute();
      for (const r of rows) taken.add(r.e164);
    }
    const outcomes: Outcome[] = [];
    let gathered: DependentRows = { emails: [], phones: [], values: [], search: [] };
    let memberships: { customer_id: number; group_id: number }[] = [];
    /** Addresses of customers inserted by this batch (in the DB or still gathered). */
    const pending = new Set<string>();
    const flushGathered = async () => {
      await insertDependentRows(trx, gathered);
      for (let i = 0; i < memberships.length; i += 3000) {
        await trx
          .insertInto('customer_groups')
          .values(memberships.slice(i, i + 3000))
          .onConflict((oc) => oc.columns(['customer_id', 'group_id']).doNothing())
          .execute();
      }
      gathered = { emails: [], phones: [], values: [], search: [] };
      memberships = [];
    };
    for (const row of batch) {
      const addresses = [...row.data.emails, ...row.data.phones];
      if (addresses.some((a) => taken.has(a) || pending.has(a))) {
        await flushGathered();
        outcomes.push({ line: row.line, outcome: await writeRow(trx, row, created) });
        // Later rows with these addresses must see this customer, not insert another.
        for (const a of addresses) taken.add(a);
        continue;
      }
      const id = await insertCustomerRow(trx, row.data);
      const rows = dependentRows(id, row.data, fields);
      gathered.emails.push(...rows.emails);
      gathered.phones.push(...rows.phones);
      gathered.values.push(...rows.values);
      gathered.search.push(...rows.search);
      for (const a of addresses) pending.add(a);
      for (const groupId of new Set([...(options.groupIds ?? []), ...(await groupIdsOf(trx, row, created))])) {
        memberships.push({ customer_id: id, group_id: groupId });
      }
      outcomes.push({ line: row.line, outcome: 'imported' });
    }
    await flushGathered();
    return outcomes;
  }

  async function groupIdsOf(tx: Kysely<DatabaseSchema>, row: CheckedRow, created: Map<string, number>): Promise<number[]> {
    const ids: number[] = [];
    for (const path of row.groups) {
      const known = groupCache.get(path) ?? created.get(path);
      const groupId = known ?? (await ensureGroupPath(tx, path));
      if (known === undefined) created.set(path, groupId);
      ids.push(groupId);
    }
    return ids;
  }

  async function writeRow(tx: Kysely<DatabaseSchema>, row: CheckedRow, created: Map<string, number>): Promise<'imported' | 'updated' | 'skipped'> {
      const { data } = row;
      const owners = new Set<number>();
      const byEmail = data.emails.length > 0 ? tx.selectFrom('customer_emails').select('customer_id').where('email', 'in', data.emails) : undefined;
      const byPhone = data.phones.length > 0 ? tx.selectFrom('customer_phones').select('customer_id').where('e164', 'in', data.phones) : undefined;
      const lookup = byEmail && byPhone ? byEmail.union(byPhone) : (byEmail ?? byPhone);
      if (lookup) for (const r of await lookup.execute()) owners.add(Number(r.customer_id));
      if (owners.size > 1) throw new Error(`its addresses belong to ${owners.size} different customers (${[...owners].join(', ')}); fix the row or merge them`);
      let id = [...owners][0];
      let outcome: 'imported' | 'updated' | 'skipped';
      if (id === undefined) {
        id = await writeCustomerData(tx, undefined, data, fields, { addressesChecked: true });
        outcome = 'imported';
      } else if (onDuplicate === 'skip') {
        outcome = 'skipped';
      } else {
        const current = await findCustomer(tx, id);
        if (!current) throw new Error(`customer ${id} vanished during the import`);
        const base = toData(current);
        const merged = normaliseCustomer(
          { ...row.input, emails: [...base.emails, ...data.emails], phones: [...base.phones, ...data.phones] },
          { region: options.region, fields, base },
        );
        if (!merged.ok) throw new Error(merged.issues.map((i) => `${i.field}: ${i.reason}`).join('; '));
        await writeCustomerData(tx, id, merged.value, fields, { addressesChecked: true });
        outcome = 'updated';
      }
      const groupIds = [...(options.groupIds ?? []), ...(await groupIdsOf(tx, row, created))];
      if (groupIds.length > 0) {
        await tx
          .insertInto('customer_groups')
          .values([...new Set(groupIds)].map((group_id) => ({ customer_id: id, group_id })))
          .onConflict((oc) => oc.columns(['customer_id', 'group_id']).doNothing())
          .execute();
      }
      return outcome;
  }

  let batch: CheckedRow[] = [];
  for await (const record of file.records) {
    if (record.error !== undefined) {
      failed++;
      await report({ row: record.line, column: '', reason: record.error });
      continue;
    }
    if (record.cells.length > file.header.length && record.cells.slice(file.header.length).some((c) => c.trim() !== '')) {
      failed++;
      await report({ row: record.line, column: '', reason: `${record.cells.length} cells but the header has ${file.header.length} (an unquoted comma?)` });
      continue;
    }
    const mapped = mapRow(record.cells, file.header, targets, fields);
    const input = { ...mapped.input };
    if (options.requireName === false && !input.name && !input.familyName && !input.givenName && !input.displayName) {
      input.name = input.emails?.[0] ?? input.phones?.[0] ?? '';
    }
    const result = normaliseCustomer(input, { region: options.region, fields });
    const issues = [...mapped.problems, ...(result.ok ? [] : result.issues)];
    if (!result.ok || issues.length > 0) {
      failed++;
      for (const issue of issues) await report({ row: record.line, column: mapped.columnOf(issue.field), reason: issue.reason });
      continue;
    }
    batch.push({ line: record.line, input, data: result.value, groups: mapped.groups });
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  await flush(batch);
  // Errors are reported in file order within a batch, but pre-checked rows fail before the batch
  // they sit in is written: sort the kept list for the reader.
  errors.sort((a, b) => a.row - b.row);
  const columns = file.header.map((header, i) => ({ header, target: targetName(targets[i] ?? { kind: 'ignore' }) }));
  return { imported, updated, skipped, failed, errors, errorsTruncated: errorCount > errors.length, ignoredColumns: ignored, columns, encoding: file.encoding, dryRun };
}
