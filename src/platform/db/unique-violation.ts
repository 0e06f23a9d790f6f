import { TidingsError } from '../errors/index.js';

/** True when `error` is a unique-constraint violation from SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Runs a write and turns a unique-constraint violation into `CONFLICT` with a message the user can
 * act on ("an account named 163 already exists"); other errors pass through.
 */
export async function orConflict<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new TidingsError('CONFLICT', message, { cause: error });
    throw error;
  }
}
