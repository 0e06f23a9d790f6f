import { z } from 'zod';

/** Plain customer columns a filter can test. */
export const TEXT_FIELDS = ['name', 'familyName', 'givenName', 'company', 'owner', 'title', 'gender', 'language', 'timeZone', 'notes'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const TextCondition = z.strictObject({
  field: z.enum(TEXT_FIELDS),
  op: z.enum(['eq', 'ne', 'contains', 'starts-with', 'in', 'exists', 'missing']),
  value: z.union([scalar, z.array(scalar)]).optional(),
});

/** `custom.<field>`: compared with the field's type (numbers numerically, dates as YYYY-MM-DD). */
const CustomCondition = z.strictObject({
  // The name itself is checked against the defined fields when the filter is compiled.
  field: z.templateLiteral(['custom.', z.string().min(1).max(64)]),
  op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'starts-with', 'in', 'exists', 'missing']),
  value: z.union([scalar, z.array(scalar)]).optional(),
});

const AddressCondition = z.strictObject({
  field: z.enum(['email', 'phone']),
  /** `ends-with` on email tests the domain: { field: 'email', op: 'ends-with', value: '@qq.com' }. */
  op: z.enum(['exists', 'missing', 'eq', 'contains', 'starts-with', 'ends-with']),
  value: z.string().optional(),
});

const BirthdayCondition = z.strictObject({
  field: z.literal('birthday'),
  /** `today`, `this-month`, `next-days` (value = days ahead, 0-366), `month` (value = 1-12), `exists`, `missing`. */
  op: z.enum(['today', 'this-month', 'next-days', 'month', 'exists', 'missing']),
  value: z.number().int().min(0).max(366).optional(),
});

const GroupCondition = z.strictObject({
  field: z.literal('group'),
  /** Members of these groups or their subgroups (saved filters count as groups too). */
  op: z.enum(['in', 'not-in']),
  value: z.array(z.number().int()).min(1),
});

const SuppressedCondition = z.strictObject({
  field: z.literal('suppressed'),
  channel: z.enum(['email', 'sms']),
  /** `is`: the primary address on that channel is suppressed (itself or, for email, its domain). */
  op: z.enum(['is', 'not']),
});

const CreatedCondition = z.strictObject({
  field: z.enum(['createdAt', 'updatedAt']),
  op: z.enum(['before', 'after']),
  /** Epoch milliseconds or an ISO 8601 date/time. */
  value: z.union([z.number().int(), z.iso.datetime({ offset: true }), z.iso.date()]),
});

const LockedCondition = z.strictObject({ field: z.literal('locked'), op: z.enum(['is', 'not']) });

/** One test on one customer. */
export const CustomerConditionSchema = z.union([
  TextCondition,
  CustomCondition,
  AddressCondition,
  BirthdayCondition,
  GroupCondition,
  SuppressedCondition,
  CreatedCondition,
  LockedCondition,
]);
export type CustomerCondition = z.infer<typeof CustomerConditionSchema>;
export type TextCondition = z.infer<typeof TextCondition>;
export type CustomCondition = z.infer<typeof CustomCondition>;

/** A filter: a condition, or `all` / `any` / `not` of filters (nest freely, up to 8 levels). */
export type CustomerFilter = CustomerCondition | { all: CustomerFilter[] } | { any: CustomerFilter[] } | { not: CustomerFilter };

/**
 * The saved-filter language, e.g. "birthday this month, in 遵义, owned by li, with an email that
 * is not unsubscribed":
 * `{ all: [ {field:'birthday', op:'this-month'}, {field:'custom.city', op:'eq', value:'遵义'},
 *   {field:'owner', op:'eq', value:'li'}, {field:'email', op:'exists'},
 *   {field:'suppressed', channel:'email', op:'not'} ] }`
 */
export const CustomerFilterSchema: z.ZodType<CustomerFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(CustomerFilterSchema).max(100) }),
    z.strictObject({ any: z.array(CustomerFilterSchema).max(100) }),
    z.strictObject({ not: CustomerFilterSchema }),
    CustomerConditionSchema,
  ]),
);
