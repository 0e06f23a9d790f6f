#!/usr/bin/env node
// Runs `tidings` from the TypeScript sources through tsx (a dev dependency): for development
// and for tests that spawn the service, which must run the current code, never a stale dist/.
// The installed command (package.json `bin`) and `npm start` run dist/tidings.js, built by
// `npm run build`.
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
