export { REDACT_PATHS, createLogger, redactUrl, type Logger, type LoggerSetup } from './logger.js';
