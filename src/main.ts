import { applyV8Flags } from './cli/v8-flags.js';

// Before the rest of the CLI is loaded, so every collection after start-up follows them.
applyV8Flags(process.env);
const { processIo } = await import('./cli/io.js');
const { runCli } = await import('./cli/run.js');

const code = await runCli(process.argv.slice(2), processIo());
// `serve` and `worker` keep the event loop alive; everything else ends here.
if (code !== 0) process.exit(code);
