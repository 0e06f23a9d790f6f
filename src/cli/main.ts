import { applyV8Flags } from './v8-flags.js';

// Before the rest of the CLI is loaded, so every collection after start-up follows them.
applyV8Flags(process.env);
const { processIo } = await import('./io.js');
const { runCli } = await import('./run.js');

const code = await runCli(process.argv.slice(2), processIo());
// `serve` and `worker` keep the event loop alive; everything else ends here.
if (code !== 0) process.exit(code);
