import type { Kysely } from 'kysely';
import { z } from 'zod';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { CustomFieldType } from './customers.tables.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

export type { CustomFieldType } from './customers.tables.js';

/** A custom field's definition. */
export interface CustomFieldDef {
  readonly name: string;
  readonly type: CustomFieldType;
  readonly label: string | null;
}

/** A stored custom field value: text and dates (YYYY-MM-DD) as strings. */
export type CustomValue = string | number | boolean;

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean'] as const;

/** Field names: letters (any script), digits, _ and -; they appear in filters as `custom.<name>`. */
export const CustomFieldDefSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,64}$/u, 'letters, digits, _ or -, at most 64'),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: z.string().trim().max(200).nullish(),
});

/** Defines a field, or changes its label when it exists with the same type. */
export async function defineCustomField(db: Kysely<DatabaseSchema>, input: z.input<typeof CustomFieldDefSchema>, clock: Clock = systemClock): Promise<CustomFieldDef> {
  const parsed = CustomFieldDefSchema.safeParse(input);
  if (!parsed.success) {
    throw new TidingsError('CUSTOMER_INVALID', `Custom field: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { name, type } = parsed.data;
  const label = parsed.data.label ?? null;
  const existing = await db.selectFrom('customer_field_defs').select(['name', 'type', 'label']).where('name', '=', name).executeTakeFirst();
  if (existing) {
    if (existing.type !== type) {
      throw new TidingsError('CUSTOMER_INVALID', `Custom field ${name} is already defined as ${existing.type}, not ${type}`, {
        context: { field: name },
      });
    }
    if (label !== null && label !== existing.label) {
      await db.updateTable('customer_field_defs').set({ label }).where('name', '=', name).execute();
    }
    return { name, type, label: label ?? existing.label };
  }
  await db
    .insertInto('customer_field_defs')
    .values({ name, type, label, created_at: clock.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return { name, type, label };
}

/** Every defined custom field, by name. */
export async function listCustomFields(db: Kysely<DatabaseSchema>): Promise<Map<string, CustomFieldDef>> {
  const rows = await db.selectFrom('customer_field_defs').select(['name', 'type', 'label']).orderBy('name').execute();
  return new Map(rows.map((r) => [r.name, r]));
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '对', '真', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '不', '假', 'off']);

/**
 * Reads a custom value of `type` from what a user typed or a JSON value. Returns undefined when it
 * does not fit (the caller names the field in its error); null for an empty value (clears it).
 */
export function coerceCustomValue(type: CustomFieldType, raw: unknown): CustomValue | null | undefined {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  switch (type) {
    case 'text':
      return typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(/,/g, '')) : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
    }
    case 'date': {
      const m = typeof raw === 'string' ? /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw.trim()) : null;
      if (!m) return undefined;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
      return date.toISOString().slice(0, 10);
    }
  }
}

/** The side-table row for one value: numbers and booleans in num_value, text and dates in text_value. */
export function fieldValueColumns(type: CustomFieldType, value: CustomValue): { text_value: string | null; num_value: number | null } {
  if (type === 'number') return { text_value: null, num_value: value as number };
  if (type === 'boolean') return { text_value: null, num_value: value ? 1 : 0 };
  return { text_value: String(value), num_value: null };
}
