export { coreErrors } from './core.errors.js';
export { defineErrors, errorSpec, type ErrorCode, type ErrorCodes, type ErrorSpec, type ErrorTable } from './error-table.js';
export { TidingsError, isTidingsError, type TidingsErrorOptions } from './tidings-error.js';
