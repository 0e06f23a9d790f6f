import { createHash } from 'node:crypto';
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

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

let cached: Promise<WebBundle> | undefined;

/**
 * Bundles the browser code with esbuild, in memory, once per process (~0.3 s). Building at start
 * means `npm ci && npm start` needs no build step and the UI can never be stale against the API
 * it ships with; the cost is paid once per start, not per request.
 */
export function webBundle(): Promise<WebBundle> {
  cached ??= buildBundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function buildBundle(): Promise<WebBundle> {
  // Loaded here, not at import: processes that never serve a page (workers, CLI commands that
  // build the API for its route list) need not load the bundler.
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
  const files = new Map<string, BundleFile>();
  for (const file of result.outputFiles) {
    const extension = file.path.slice(file.path.lastIndexOf('.'));
    const body = Buffer.from(file.contents);
    files.set(file.path, {
      path: file.path,
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
