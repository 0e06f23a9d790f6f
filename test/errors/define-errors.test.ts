import { describe, expect, it } from 'vitest';
import { defineErrors, errorSpec, TidingsError } from '../../src/platform/errors/index.js';
import { ERROR_CODES } from '../../src/app/index.js';

describe('defineErrors', () => {
  it('registers each code, so a TidingsError knows its status and retryability from its table alone', () => {
    const table = defineErrors({
      TEST_DEFINE_ERRORS_SLOW: { retryable: true, http: 429, description: 'a code only this test defines, to read back' },
    });
    // The code is not in the typed registry (no declaration merging here), hence the cast.
    const error = new TidingsError('TEST_DEFINE_ERRORS_SLOW' as never, 'slow down');
    expect(errorSpec('TEST_DEFINE_ERRORS_SLOW')).toBe(table.TEST_DEFINE_ERRORS_SLOW);
    expect({ status: error.httpStatus, retryable: error.retryable }).toEqual({ status: 429, retryable: true });
    expect(new TidingsError('TEST_DEFINE_ERRORS_SLOW' as never, 'x', { retryable: false }).retryable).toBe(false);
  });

  it('refuses a code another table already defines', () => {
    expect(() => defineErrors({ NOT_FOUND: { retryable: false, http: 410, description: 'a second NOT_FOUND, which must be refused' } })).toThrow(
      'error code NOT_FOUND is defined twice',
    );
    expect(new TidingsError('NOT_FOUND', 'gone').httpStatus).toBe(404);
  });

  it('gives every code of the merged registry the spec its own table declares', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(errorSpec(code), code).toBe(spec);
    }
  });

  it('shows retryable to logs and matchers like a plain field', () => {
    const error = new TidingsError('QUEUE_UNAVAILABLE', 'redis down');
    expect(Object.keys(error)).toContain('retryable');
    expect(error).toMatchObject({ code: 'QUEUE_UNAVAILABLE', retryable: true });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ retryable: true });
  });
});
