import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/customers. Codes start with a prefix naming the module (e.g. CUSTOMERS_…). */
export const customersErrors = {} as const satisfies ErrorTable;
