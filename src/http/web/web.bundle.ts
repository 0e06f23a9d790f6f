import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One built file, served from memory. */
export interface BundleFile {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly etag: string;
}

/** The built UI: the page shell plus its hashed assets. */
export interface WebBundle {
  readonly indexHtml: string;
  readonly files: ReadonlyMap<string, BundleFile>;
}

const ENTRY = fileURLToPath(new URL('../../web/client/main.tsx', import.meta.url));

/**
 * Where `npm run build` writes the browser bundle: dist/web/, next to the server's own bundle
 * (dist/ is flat, so every server chunk finds it at `./web/`). Only read when this file runs
 * from dist/, never from the sources.
 */
const BUILT_DIR = new URL('./web/', import.meta.url);
const MANIFEST = 'manifest.json';

/** Running from the TypeScript sources (tsx, vitest) rather than from dist/. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

let cached: Promise<WebBundle> | undefined;

/**
 * The built UI, once per process. In production (dist/) it is read from the files
 * `npm run build` wrote; from the sources (development, tests) the browser code is bundled here
 * with esbuild, in memory (~0.3 s), so the UI is never stale against the API it ships with.
 */
export function webBundle(): Promise<WebBundle> {
  cached ??= (FROM_SOURCES ? buildWebBundle() : readBuiltBundle()).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Bundles the browser code with esbuild (a dev dependency: loaded only here). */
export async function buildWebBundle(): Promise<WebBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: '/assets',
    entryNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'silent',
  });
  return assemble(result.outputFiles.map((file) => ({ path: file.path, body: Buffer.from(file.contents) })));
}

/** Writes `bundle` under `dir` (used by the build): each file at its URL path, plus a manifest. */
export async function writeWebBundle(bundle: WebBundle, dir: URL): Promise<void> {
  await mkdir(dir, { recursive: true });
  const paths = [...bundle.files.keys()];
  for (const path of paths) {
    const file = bundle.files.get(path);
    if (!file) continue;
    const target = new URL(`.${path}`, dir);
    await mkdir(new URL('.', target), { recursive: true });
    await writeFile(target, file.body);
  }
  await writeFile(new URL(MANIFEST, dir), `${JSON.stringify({ files: paths })}\n`);
}

/** Reads what {@link writeWebBundle} wrote (by default dist/web/, next to the running bundle). */
export async function readBuiltBundle(dir: URL = BUILT_DIR): Promise<WebBundle> {
  let paths: string[];
  try {
    paths = (JSON.parse(await readFile(new URL(MANIFEST, dir), 'utf8')) as { files: string[] }).files;
  } catch (error) {
    throw new Error(`the web UI is not built (${fileURLToPath(dir)}${MANIFEST}: ${(error as Error).message}); run npm run build`);
  }
  return assemble(await Promise.all(paths.map(async (path) => ({ path, body: await readFile(new URL(`.${path}`, dir)) }))));
}

function assemble(outputs: readonly { path: string; body: Buffer }[]): WebBundle {
  const files = new Map<string, BundleFile>();
  for (const { path, body } of outputs) {
    const extension = path.slice(path.lastIndexOf('.'));
    files.set(path, {
      path,
      contentType: CONTENT_TYPES[extension] ?? 'text/plain; charset=utf-8',
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    });
  }
  const script = [...files.keys()].find((path) => path.endsWith('.js'));
  const style = [...files.keys()].find((path) => path.endsWith('.css'));
  if (!script) throw new Error('the UI bundle has no script');
  return { indexHtml: indexHtml(script, style), files };
}

function indexHtml(script: string, style: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tidings</title>
<link rel="icon" href="data:,">
${style ? `<link rel="stylesheet" href="${style}">` : ''}
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>Tidings needs JavaScript. / Tidings 需要启用 JavaScript。</noscript>
</body>
</html>
`;
}
