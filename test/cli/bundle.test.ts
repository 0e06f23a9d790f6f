import { execFileSync } from 'node:child_process';
import { rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled, CACHE_DIR } from '../../bin/bundle.js';

const ENTRY = 'test/cli/fixtures/bundle-entry.ts';
const ENTRY_PATH = fileURLToPath(new URL('./fixtures/bundle-entry.ts', import.meta.url));
const NAME = `test-bundle-${process.pid}`;

/** What the bundle exports, read by a plain node process (as bin/tidings.js runs one). */
function exportsOf(bundle: string): { url: string; dirname: string } {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(JSON.stringify({ ...m }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { url: string; dirname: string };
}

describe('bin/bundle.js', () => {
  afterAll(() => {
    for (const suffix of ['.mjs', '.mjs.map', '.inputs.json']) rmSync(join(CACHE_DIR, `${NAME}${suffix}`), { force: true });
  });

  it('keeps each source file its own import.meta, reuses a fresh bundle and rebuilds a stale one', async () => {
    const bundle = await bundled(ENTRY, NAME);
    expect(exportsOf(bundle)).toEqual({ url: pathToFileURL(ENTRY_PATH).href, dirname: fileURLToPath(new URL('./fixtures', import.meta.url)) });

    const built = statSync(bundle).mtimeMs;
    expect(await bundled(ENTRY, NAME)).toBe(bundle);
    expect(statSync(bundle).mtimeMs).toBe(built);

    // An input whose mtime no longer matches the record (an edit, a checkout) means a rebuild.
    const later = new Date(Date.now() + 5_000);
    utimesSync(ENTRY_PATH, later, later);
    await bundled(ENTRY, NAME);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(built);
  });
});
