// The layer rule of ARCHITECTURE.md, checked on every `npm test`: dependency-cruiser with the
// repository's .dependency-cruiser.cjs must find no import cycle and no import against the rule.
// The second block proves the rule bites, on a tiny tree written to a temporary directory.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const run = promisify(execFile);

/** Runs depcruise in `cwd` over `src`; resolves with its exit code and report. */
async function cruise(cwd: string): Promise<{ code: number; report: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'err'], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, report: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, report: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the layer rule', () => {
  it('holds for the sources: no cycle, no import against the rule', async () => {
    const { code, report } = await cruise(ROOT);
    expect(report).toContain('no dependency violations found');
    expect(code).toBe(0);
  }, 120_000);

  describe('bites on a deliberately wrong tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-layers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    write('package.json', JSON.stringify({ type: 'module' }));
    // platform importing a module, http reaching past a module's index, a two-file cycle.
    write('src/platform/clock.ts', "import { tone } from '../modules/greet/index.js';\nexport const now = () => tone;\n");
    write('src/modules/greet/index.ts', "export { tone } from './tone.js';\n");
    write('src/modules/greet/tone.ts', "import type { Ring } from './ring.js';\nexport const tone: Ring | string = 'hi';\n");
    write('src/modules/greet/ring.ts', "import { tone } from './tone.js';\nexport type Ring = typeof tone;\n");
    write('src/http/route.ts', "import { tone } from '../modules/greet/tone.js';\nexport const route = tone;\n");
    // A side-effect import of a file that is not there: tsc alone lets it through.
    write('src/adapters/mail/reader.ts', "import './gone.errors.js';\nexport const reader = 1;\n");

    it('names each broken rule', async () => {
      const { code, report } = await cruise(dir);
      expect(code).not.toBe(0);
      expect(report).toContain('layer-platform');
      expect(report).toContain('module-through-index');
      expect(report).toContain('no-circular');
      expect(report).toContain('no-unresolvable');
    }, 60_000);
  });
});
