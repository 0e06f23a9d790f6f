import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyV8Flags, DEFAULT_V8_FLAGS } from '../../src/cli/v8-flags.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

describe('capYoungGeneration (--max-semi-space-size set at run time)', () => {
  // In a child process: V8 flags are process-wide. The work allocates in many event-loop turns,
  // as a send worker does, with enough surviving each scavenge that V8 would grow the space.
  const newSpaceMb = (flags: string): number => {
    const script = `
      import { getHeapSpaceStatistics } from 'node:v8';
      import { applyV8Flags } from './src/cli/v8-flags.ts';
      applyV8Flags({ TIDINGS_V8_FLAGS: ${JSON.stringify(flags)} }, []);
      let keep = [];
      for (let turn = 0; turn < 400; turn++) {
        for (let i = 0; i < 20000; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 100000) keep = []; }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      process.stdout.write(String(newSpace.space_size / 1048576));`;
    return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: ROOT }));
  };

  it('keeps both semi-spaces within the cap where V8 alone grows them to its maximum', () => {
    expect(newSpaceMb('')).toBeGreaterThan(8);
    expect(newSpaceMb('--max-semi-space-size=4')).toBeLessThanOrEqual(8);
  });
});
