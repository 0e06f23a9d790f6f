import { z } from 'zod';
import { ErrorSchema, privateErrorResponses } from '../api.schemas.js';

/**
 * The error responses of a private route that reads or changes stored things: the framework's
 * 400/401/403 plus not found, conflict (a locked or taken thing) and unprocessable content
 * (a template that does not compile).
 */
export const dataErrorResponses = {
  ...privateErrorResponses,
  404: ErrorSchema.describe('Nothing with that id (or not yours): NOT_FOUND, CUSTOMER_NOT_FOUND, CUSTOMER_GROUP_NOT_FOUND'),
  409: ErrorSchema.describe('Conflicts with stored data (CONFLICT, CUSTOMER_LOCKED, CUSTOMER_ADDRESS_TAKEN…)'),
  422: ErrorSchema.describe('Understood but cannot be processed (TEMPLATE_… compile and merge errors)'),
} as const;

/** Epoch milliseconds (UTC). */
export const EpochMs = z.number().int().describe('epoch milliseconds');

/** A page size in a query string. */
export const limitQuery = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** An id in a query string or a body. */
export const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** `true`/`false`/`1`/`0` in a query string (z.coerce.boolean would read "false" as true). */
export const queryFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

/** A filter in the customer filter language; checked by the customers module (CUSTOMER_FILTER_INVALID). */
export const FilterBodySchema = z
  .record(z.string(), z.unknown())
  .describe(
    'A customer filter: a condition { field, op, value } or { all: [...] } / { any: [...] } / { not: ... }; e.g. ' +
      '{ "all": [ { "field": "birthday", "op": "this-month" }, { "field": "custom.city", "op": "eq", "value": "遵义" } ] }',
  );
