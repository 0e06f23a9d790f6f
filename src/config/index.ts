export { ConfigSchema, loadConfig, type Config } from './config.js';
export { parseDatabaseUrl, type DatabaseTarget } from './core.config.js';
export { loadSecretKey } from './secret-key.js';
