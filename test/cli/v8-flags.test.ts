import { describe, expect, it } from 'vitest';
import { applyV8Flags, DEFAULT_V8_FLAGS } from '../../src/cli/v8-flags.js';

describe('applyV8Flags', () => {
  it('applies the defaults when nothing is configured', () => {
    expect(applyV8Flags({}, [])).toEqual(DEFAULT_V8_FLAGS.split(' '));
  });

  it('applies nothing when TIDINGS_V8_FLAGS is empty', () => {
    expect(applyV8Flags({ TIDINGS_V8_FLAGS: '' }, [])).toEqual([]);
  });

  it('leaves a flag given on the command line or in NODE_OPTIONS to that value', () => {
    const env = { TIDINGS_V8_FLAGS: '--heap-growing-percent=20  --max-lazy', NODE_OPTIONS: '--no-max_lazy --enable-source-maps' };
    expect(applyV8Flags(env, ['--heap_growing_percent=50'])).toEqual([]);
    expect(applyV8Flags({ ...env, NODE_OPTIONS: '' }, ['--heap-growing-percent-x=1'])).toEqual(['--heap-growing-percent=20', '--max-lazy']);
  });
});
