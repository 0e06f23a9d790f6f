import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Semaphore } from '../../platform/runtime/index.js';

/** scrypt cost parameters, as stored inside each hash string. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Parameters for new hashes: OWASP's Password Storage Cheat Sheet minimum for scrypt
 * (N = 2^17, r = 8, p = 1). They travel inside each hash string, so hashes made with older, weaker
 * parameters stay verifiable and are re-hashed at the next successful sign-in
 * ({@link needsRehash}). Nothing in production can lower them; only a vitest run can
 * ({@link usePasswordHashCostForTests}).
 */
export const PASSWORD_HASH_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/**
 * The parameters new hashes are made with: always {@link PASSWORD_HASH_PARAMS}, except inside a
 * vitest run that asked for cheaper ones (see {@link usePasswordHashCostForTests}).
 */
let currentParams: ScryptParams = PASSWORD_HASH_PARAMS;
/** See {@link decoyPasswordHash}; made with the current parameters. */
let decoyHash: Promise<string> | undefined;

/**
 * Tests only: makes new hashes cheaper (or, with undefined, production-strength again) so suites
 * that create and sign in many users stay fast on a shared machine. Throws outside a vitest run,
 * so no configuration, flag or mistake can lower the cost in production.
 */
export function usePasswordHashCostForTests(params: ScryptParams | undefined): void {
  if (!process.env.VITEST) throw new Error('usePasswordHashCostForTests is for tests only; production always hashes at PASSWORD_HASH_PARAMS');
  currentParams = params ? Object.freeze({ ...params }) : PASSWORD_HASH_PARAMS;
  decoyHash = undefined;
}

/** The parameters new hashes are made with. */
export const currentHashParams = (): ScryptParams => currentParams;

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/**
 * How many scrypt derivations run at once in this process. Each needs 128·N·r bytes (128 MiB at
 * the parameters above) for as long as it runs; without a bound, a burst of sign-ins (or a
 * script creating users) would allocate that many times over and could take the process down.
 * Two keep both cores of a small machine busy; callers beyond that wait their turn.
 */
export const MAX_CONCURRENT_HASHES = 2;
const hashing = new Semaphore(MAX_CONCURRENT_HASHES);

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (plus a little); node's default maxmem (32 MiB) is far below that.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 128 * params.N * params.r + 16 * 1024 * 1024 };
  return hashing.run(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

/** Hashes a password as `scrypt$N$r$p$<salt>$<hash>` with a fresh random salt (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const params = currentParams;
  const key = await derive(password, salt, params);
  const { N, r, p } = params;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The parameters a stored hash was made with, or undefined when it is malformed or out of bounds. */
export function hashParamsOf(stored: string): ScryptParams | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a tampered row from making us allocate gigabytes.
  if (!(N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return undefined;
  return { N, r, p };
}

/** True when `password` matches `stored` (verified with the parameters stored in it); false for any malformed hash. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = hashParamsOf(stored);
  if (!params) return false;
  const parts = stored.split('$');
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, params);
  return timingSafeEqual(actual, expected);
}

/** True when a (verified) stored hash was made with other parameters than new hashes use. */
export function needsRehash(stored: string): boolean {
  const params = hashParamsOf(stored);
  return !params || params.N !== currentParams.N || params.r !== currentParams.r || params.p !== currentParams.p;
}

/**
 * A hash of a random password nobody knows, computed once; verified against when the user name
 * does not exist, so a wrong name and a wrong password take the same time.
 */
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}
