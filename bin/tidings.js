#!/usr/bin/env node
// Runs src/main.ts bundled by esbuild (bin/bundle.js: rebuilt whenever a source file changed,
// so `npm ci && npx tidings` needs no build step and never runs stale code) on plain node. A
// process started this way holds ~65 MB less resident memory than one running the sources
// through tsx's loader. TIDINGS_TSX=1 runs the sources through tsx instead (no bundle at all), as
// does a failure to write the bundle (a read-only node_modules, say), after a warning.
//
// Stack traces then point into node_modules/.cache/tidings/cli.mjs (each module there starts with
// a `// src/…` comment); NODE_OPTIONS=--enable-source-maps maps them back to the sources, at ~7 MB
// of memory, which is why it is not on by default.
let bundle;
if (process.env.TIDINGS_TSX !== '1') {
  const { bundled } = await import('./bundle.js');
  try {
    bundle = await bundled('src/main.ts', 'cli');
  } catch (error) {
    process.stderr.write(`tidings: could not bundle the sources (${error.message.split('\n')[0]}); running them through tsx\n`);
  }
}
if (bundle) {
  const { pathToFileURL } = await import('node:url');
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
