import { processIo } from './io.js';
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), processIo());
// `serve` and `worker` keep the event loop alive; everything else ends here.
if (code !== 0) process.exit(code);
