import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/send. Codes start with a prefix naming the module (e.g. SEND_…). */
export const sendErrors = {} as const satisfies ErrorTable;
