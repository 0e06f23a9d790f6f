export { REDACT_PATHS, createLogger, redactUrl, type Logger, type LoggerSetup } from './logger.js';
export { chooseLogFormat, type LogFormat, type LogOutput } from './log-format.js';
