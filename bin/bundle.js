// Bundles a TypeScript entry (and every source file it imports) with esbuild into
// node_modules/.cache/tidings/, so it runs on plain node instead of through tsx's loader. npm
// packages stay external (imported from node_modules as usual). Used by bin/tidings.js and by the
// memory benchmark (bench/memory.ts), which must start its children the way production does.
//
// Code splitting: a dynamic `import()` of a source file stays a separate chunk
// (`<name>.chunks/`), loaded when it runs. Without it every npm package anywhere in the graph is
// imported when the bundle starts (esbuild hoists the imports of external packages to the top of
// the one file), so a send worker loaded BullMQ, and a process's V8 flags (src/cli/v8-flags.ts)
// were applied only after the whole graph had been loaded and had grown the heap.
//
// Never stale: next to each bundle is a record of its inputs (every source file, package.json,
// tsconfig.json) with their size and mtime; if any input differs or is gone, or esbuild's version
// changed, the bundle is rebuilt before it runs (~0.3–1 s, once). Two processes rebuilding at the
// same time each write their own temp file and rename it into place, so neither reads half a file.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CACHE_DIR = join(ROOT, 'node_modules/.cache/tidings');
/** Bump when the build options change: older bundles are then rebuilt. */
const FORMAT = 2;
const ALWAYS_WATCHED = ['package.json', 'tsconfig.json'];

/**
 * Returns the path of an up-to-date bundle of `entry` (a path relative to the project root), named
 * `<name>.mjs` in the cache directory, building it first when needed.
 */
export async function bundled(entry, name) {
  const out = join(CACHE_DIR, `${name}.mjs`);
  const recordPath = join(CACHE_DIR, `${name}.inputs.json`);
  const esbuildVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/esbuild/package.json'), 'utf8')).version;
  if (isFresh(recordPath, out, entry, esbuildVersion)) return out;

  const esbuild = await import('esbuild');
  // Each input's signature as it was when read, so an edit during the build means a rebuild next time.
  const seen = new Map(ALWAYS_WATCHED.map((input) => [input, signature(join(ROOT, input))]));
  try {
    const result = await esbuild.build({
      entryPoints: [join(ROOT, entry)],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      outdir: CACHE_DIR,
      entryNames: name,
      chunkNames: `${name}.chunks/[name]-[hash]`,
      splitting: true,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [keepImportMeta(seen)],
    });
    const inputs = {};
    for (const input of [...Object.keys(result.metafile.inputs), ...ALWAYS_WATCHED]) inputs[input] = seen.get(input) ?? signature(join(ROOT, input));
    const suffix = `.${process.pid}.tmp`;
    for (const file of result.outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(`${file.path}${suffix}`, file.contents);
    }
    const outputs = result.outputFiles.map((file) => relative(CACHE_DIR, file.path));
    writeFileSync(`${recordPath}${suffix}`, JSON.stringify({ format: FORMAT, entry, esbuild: esbuildVersion, inputs, outputs }));
    // The chunks (content-hashed names) first, the entry next, its record last: a record never
    // vouches for an older bundle, and an entry never imports a chunk not yet in place.
    const entryLast = [...result.outputFiles].sort((a, b) => Number(a.path === out) - Number(b.path === out));
    for (const file of entryLast) renameSync(`${file.path}${suffix}`, file.path);
    renameSync(`${recordPath}${suffix}`, recordPath);
  } finally {
    // The bundler's service process is not needed any more (the web UI starts its own when asked).
    await esbuild.stop();
  }
  return out;
}

function isFresh(recordPath, out, entry, esbuildVersion) {
  let record;
  try {
    record = JSON.parse(readFileSync(recordPath, 'utf8'));
    statSync(out);
    for (const output of record.outputs ?? []) statSync(join(CACHE_DIR, output));
  } catch {
    return false;
  }
  if (record.format !== FORMAT || record.entry !== entry || record.esbuild !== esbuildVersion) return false;
  for (const [input, seen] of Object.entries(record.inputs)) {
    if (signature(join(ROOT, input)) !== seen) return false;
  }
  return true;
}

/** Size and mtime of a file, or 'missing'. */
function signature(path) {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * In a bundle every module would see the bundle's own import.meta.url; this keeps each source
 * file's own (src/web/server finds the browser code relative to itself, for example). It also
 * notes each file's signature before reading it, into `seen`.
 */
const keepImportMeta = (seen) => ({
  name: 'keep-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      const input = relative(ROOT, args.path);
      if (input.startsWith('node_modules')) return undefined;
      seen.set(input, signature(args.path));
      const source = await readFile(args.path, 'utf8');
      const meta = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: resolve(args.path) };
      const contents = source.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => JSON.stringify(meta[key]));
      return { contents, loader: extname(args.path).endsWith('x') ? 'tsx' : 'ts' };
    });
  },
});
