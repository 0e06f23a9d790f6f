import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/schedule. Codes start with a prefix naming the module (e.g. SCHEDULE_…). */
export const scheduleErrors = {} as const satisfies ErrorTable;
