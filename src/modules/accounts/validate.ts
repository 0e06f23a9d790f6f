import type { z } from 'zod';
import { TidingsError } from '../../platform/errors/index.js';

/** Parses `input` with `schema`, or throws VALIDATION_FAILED listing each field and what to fix. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
  throw new TidingsError('VALIDATION_FAILED', `Invalid ${what}: ${problems.join('; ')}`, {
    context: { fields: result.error.issues.map((i) => i.path.join('.')) },
  });
}
