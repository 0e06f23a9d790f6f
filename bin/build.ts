// `npm run build` (after the type-check): bundles the CLI into dist/ with esbuild and the
// browser code into dist/web/. npm packages stay external (imported from node_modules); a
// dynamic import() of a source file stays its own chunk, loaded when it runs, so `tidings
// --version` loads the CLI's entry and commander, not every command's module graph.
//
// dist/ is flat (entry and chunks side by side) so every chunk finds dist/web/ at `./web/`
// (src/http/web/web.bundle.ts). The entry keeps src/main.ts's `#!` line: `tidings` on the
// command line and `npm start` run node with the V8 flags named there.
import { chmod, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';
import { buildWebBundle, writeWebBundle } from '../src/http/web/web.bundle.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = new URL('../dist/', import.meta.url);

await rm(DIST, { recursive: true, force: true });
await build({
  entryPoints: { tidings: 'src/main.ts' },
  absWorkingDir: ROOT,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Stack traces map back to src/ with NODE_OPTIONS=--enable-source-maps (off by default: ~7 MB).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
await chmod(new URL('tidings.js', DIST), 0o755);
await writeWebBundle(await buildWebBundle(), new URL('web/', DIST));
// The bundler's service process is not needed any more.
await stop();
