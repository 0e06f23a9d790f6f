export { ConfigSchema, loadConfig, type Config } from './config.js';
export { parseDatabaseUrl, type DatabaseTarget } from './core.config.js';
export { loadSecretKey } from './secret-key.js';
export { redactConfig, redactUrlCredentials, URL_SECRET_MASK } from './redact.js';
