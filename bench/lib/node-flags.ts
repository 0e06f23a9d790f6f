import { readFileSync } from 'node:fs';

/**
 * The node flags `tidings` runs with: the ones on src/main.ts's `#!/usr/bin/env -S node …` line,
 * which the build keeps at the top of dist/tidings.js. Read from there so the bench measures
 * what ships.
 */
export function tidingsNodeFlags(): string[] {
  const first = readFileSync(new URL('../../src/main.ts', import.meta.url), 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  if (!match) throw new Error(`src/main.ts does not start with "#!/usr/bin/env -S node …": ${first}`);
  return (match[1] ?? '').split(/\s+/).filter(Boolean);
}

/** Whether every flag of `flags` is among this process's own node flags. */
export function runningWith(flags: readonly string[]): boolean {
  return flags.every((flag) => process.execArgv.includes(flag));
}
