import type { ErrorTable } from '../errors/error-table.js';

/** Error codes raised by src/templates. Codes start with a prefix naming the module (e.g. TEMPLATES_…). */
export const templatesErrors = {} as const satisfies ErrorTable;
