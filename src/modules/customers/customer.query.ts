import { sql, type Kysely, type SqlBool, type RawBuilder } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { Customer } from './customer.model.js';
import { loadCustomers } from './customer.repository.js';
import { compileFilterSql, groupMembershipSql, loadFilterContext } from './filter.compiler.js';
import type { CustomerFilter } from './filter.schema.js';
import { likeContains } from './search-text.js';

/** Options for {@link listCustomers}. */
export interface ListCustomersOptions {
  /**
   * Substring of a name, company, email or phone number, or the pinyin / initials of a Chinese
   * name ("zw" and "zhangwei" find 张伟). Case-insensitive.
   */
  readonly query?: string;
  /** Only members of this group (and its subgroups; a saved filter's matches). */
  readonly groupId?: number;
  readonly filter?: CustomerFilter;
  /** Page size, 1-1000 (default 50). */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | null;
  /** Time zone for birthday conditions (TIDINGS_DEFAULT_TIMEZONE). */
  readonly timeZone?: string;
  /** Region for phone numbers in conditions (TIDINGS_DEFAULT_REGION). */
  readonly region?: string;
}

/** One page of customers in id order; `nextCursor` is null on the last page. */
export interface CustomerPage {
  readonly items: Customer[];
  readonly nextCursor: string | null;
}

/** Keyset cursors are opaque to callers: the last id seen, base64url-encoded. */
export const encodeCursor = (id: number): string => Buffer.from(`c:${id}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const match = /^c:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new TidingsError('VALIDATION_FAILED', `"${cursor}" is not a cursor returned by a previous page`);
  return Number(match[1]);
}

/** The search condition on the `customers` row for a free-text query. */
export function searchSql(query: string): RawBuilder<SqlBool> {
  let text = query.trim();
  // "138 0013 8000" and "138-0013-8000" should find +8613800138000.
  if (/^\+?[\d\s()-]{5,}$/.test(text)) text = text.replace(/[\s()-]/g, '');
  return sql<SqlBool>`exists (select 1 from customer_search cs where cs.customer_id = customers.id and cs.text like ${likeContains(text)} escape '\\')`;
}

/**
 * Pages through customers with a keyset cursor (`id > last`), so page 10,000 of a million costs
 * the same as page 1. Search, group and filter combine with AND.
 */
export async function listCustomers(db: Kysely<DatabaseSchema>, options: ListCustomersOptions = {}): Promise<CustomerPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
  let q = db.selectFrom('customers').select('customers.id').orderBy('customers.id').limit(limit + 1);
  if (options.cursor) q = q.where('customers.id', '>', decodeCursor(options.cursor));
  if (options.query?.trim()) q = q.where(searchSql(options.query));
  if (options.groupId !== undefined || options.filter) {
    const ctx = await loadFilterContext(db, { timeZone: options.timeZone ?? 'Asia/Shanghai', region: options.region ?? 'CN' });
    if (options.groupId !== undefined) q = q.where(groupMembershipSql([options.groupId], ctx));
    if (options.filter) q = q.where(compileFilterSql(options.filter, ctx));
  }
  const ids = (await q.execute()).map((r) => Number(r.id));
  const page = ids.slice(0, limit);
  const items = await loadCustomers(db, page);
  const last = page.at(-1);
  return { items, nextCursor: ids.length > limit && last !== undefined ? encodeCursor(last) : null };
}
