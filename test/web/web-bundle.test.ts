// The browser bundle `npm run build` writes into dist/web/ is the one the server serves there:
// written and read back, every file, its type and its ETag are those of the in-memory build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebBundle, readBuiltBundle, writeWebBundle } from '../../src/http/web/web.bundle.js';

describe('the built web UI', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads back from disk exactly as it was built', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-web-build-'));
    const target = pathToFileURL(`${dir}/web/`);
    const built = await buildWebBundle();
    await writeWebBundle(built, target);
    const read = await readBuiltBundle(target);
    expect(read.indexHtml).toBe(built.indexHtml);
    expect([...read.files.keys()].sort()).toEqual([...built.files.keys()].sort());
    for (const [path, file] of built.files) {
      expect(read.files.get(path)).toEqual(file);
    }
    expect(built.indexHtml).toMatch(/<script type="module" src="\/assets\/main-[A-Z0-9]+\.js"><\/script>/);
  });

  it('says to run the build when there is none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-web-build-'));
    await expect(readBuiltBundle(pathToFileURL(`${dir}/web/`))).rejects.toThrow(/not built.*npm run build/);
  });
});
