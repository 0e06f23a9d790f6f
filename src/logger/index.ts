export { REDACT_PATHS, createLogger, type Logger, type LoggerSetup } from './logger.js';
