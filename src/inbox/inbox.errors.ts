import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/inbox. Codes start with a prefix naming the module (e.g. INBOX_…). */
export const inboxErrors = {} as const satisfies ErrorTable;
