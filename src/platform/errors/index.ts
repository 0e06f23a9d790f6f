export { ERROR_CODES, ERROR_TABLES, type ErrorCode } from '../../app/error-codes.js';
export type { ErrorSpec, ErrorTable } from './error-table.js';
export { TidingsError, isTidingsError, type TidingsErrorOptions } from './tidings-error.js';
