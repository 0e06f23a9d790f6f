import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/billing. Codes start with a prefix naming the module (e.g. BILLING_…). */
export const billingErrors = {} as const satisfies ErrorTable;
