export { formatTable, printResult, processIo, type CliIo } from './io.js';
export { EXIT, runCli } from './run.js';
