import type { CliIo } from '../io.js';
import { TidingsError } from '../../platform/errors/index.js';

/** Reads all of standard input as one secret (a trailing newline from `echo` is dropped). */
export async function readSecretFromStdin(io: CliIo, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!text) throw new TidingsError('VALIDATION_FAILED', `Expected the ${what} on standard input, got nothing.`);
  return text;
}

/** Parses an integer flag value, or throws VALIDATION_FAILED naming the flag. */
export function intFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new TidingsError('VALIDATION_FAILED', `${flag}: expected a whole number, got "${value}"`);
  return Number(value);
}

/** Parses a JSON object flag value. */
export function jsonFlag(flag: string, value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new TidingsError('VALIDATION_FAILED', `${flag}: expected a JSON object such as {"key":"value"}`);
}
