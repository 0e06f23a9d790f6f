/**
 * Row types of the tables src/customers adds in its own migrations (customers.migrations.ts),
 * merged into the store's DatabaseSchema. Conventions as in src/store/core.tables.ts.
 */
import type { Generated } from 'kysely';

/** The value type of a custom field. */
export type CustomFieldType = 'text' | 'number' | 'date' | 'boolean';

/** A custom field definition: the name used in `customers.custom` JSON and in filters. */
export interface CustomerFieldDefsTable {
  id: Generated<number>;
  /** Key in `customers.custom`, e.g. "city"; letters, digits, _ and - (any script). */
  name: string;
  type: CustomFieldType;
  /** Human label, e.g. 城市. */
  label: string | null;
  created_at: number;
}

/**
 * One custom field value of one customer, kept in step with `customers.custom` on every write so
 * filters can use plain indexes on both engines (JSON operators differ and do not index alike).
 * Dates and text go in `text_value` (dates as YYYY-MM-DD, which sorts), numbers and booleans
 * (0/1) in `num_value`.
 */
export interface CustomerFieldValuesTable {
  customer_id: number;
  field: string;
  text_value: string | null;
  num_value: number | null;
}

/** Lower-cased search text per customer: names, company, addresses, pinyin and initials. */
export interface CustomerSearchTable {
  customer_id: number;
  text: string;
}

export interface CustomersTables {
  customer_field_defs: CustomerFieldDefsTable;
  customer_field_values: CustomerFieldValuesTable;
  customer_search: CustomerSearchTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends CustomersTables {}
}
