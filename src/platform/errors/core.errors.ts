import { defineErrors } from './error-table.js';

/** Codes raised by the foundation: configuration, store, crypto, CLI, queue connectivity. */
export const coreErrors = defineErrors({
  CONFIG_INVALID: {
    retryable: false,
    http: 500,
    description: 'An environment variable has a wrong value; the message names it and the expected form.',
  },
  STORE_UNAVAILABLE: {
    retryable: true,
    http: 503,
    description: 'The database cannot be reached or opened; check DATABASE_URL and that the server runs.',
  },
  STORE_MIGRATION_FAILED: {
    retryable: false,
    http: 500,
    description: 'A schema migration failed; the store is left at the last good migration.',
  },
  NOT_FOUND: {
    retryable: false,
    http: 404,
    description: 'The named record does not exist; check the id or name.',
  },
  CONFLICT: {
    retryable: false,
    http: 409,
    description: 'The change conflicts with existing data (a duplicate name, a record in use).',
  },
  VALIDATION_FAILED: {
    retryable: false,
    http: 400,
    description: 'Input does not match the expected form; the message lists each field and what to fix.',
  },
  SECRET_KEY_INVALID: {
    retryable: false,
    http: 500,
    description: 'TIDINGS_SECRET_KEY or the key file is malformed: it must hold 32 random bytes (base64 or hex).',
  },
  SECRET_DECRYPT_FAILED: {
    retryable: false,
    http: 500,
    description: 'A stored credential cannot be decrypted: the secret key changed since it was saved. Re-enter the credential or restore the old key.',
  },
  QUEUE_REDIS_POLICY: {
    retryable: false,
    http: 503,
    description: 'Redis must run with maxmemory-policy noeviction, or queued jobs can be silently evicted. Run CONFIG SET maxmemory-policy noeviction.',
  },
  QUEUE_UNAVAILABLE: {
    retryable: true,
    http: 503,
    description: 'Redis (REDIS_URL) does not answer; check that it runs and the URL is right.',
  },
});

type CoreErrors = typeof coreErrors;
declare module './error-table.js' {
  // Adds this table's codes to ErrorCode
  interface ErrorCodes extends CoreErrors {}
}
