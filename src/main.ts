#!/usr/bin/env -S node --heap-growing-percent=100 --max-semi-space-size=4
// The `tidings` command. Only the command named in argv is loaded (src/cli/command-table.ts).
// The process ends when nothing is left to do: a command closes what it opened, so a handle left
// open shows as a hang instead of being hidden by process.exit().
import { processIo, runCli } from './cli/index.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
//
// The V8 flags on the first line (kept in dist/tidings.js, which `tidings` and `npm start` run):
// after a full collection the old generation may at most double (V8 allows up to 4x), and the
// young generation is 2 x 4 MB instead of 2 x 16 MB. A send worker's live heap is small but it
// allocates fast: a 1,000,000-recipient campaign peaks at ~200 MB RSS with them, ~280 MB without,
// for ~0-10 % more CPU per message (bench/RESULTS.md, "Memory, part 2" and "part 3"). They must be
// given to node: V8 sizes the young generation when it creates the heap.
