import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/accounts. Codes start with a prefix naming the module (e.g. ACCOUNTS_…). */
export const accountsErrors = {} as const satisfies ErrorTable;
