import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/api. Codes start with a prefix naming the module (e.g. API_…). */
export const apiErrors = {} as const satisfies ErrorTable;
