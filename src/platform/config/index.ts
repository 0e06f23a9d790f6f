export { coreEnv, parseDatabaseUrl, type CoreConfig, type DatabaseTarget } from './core.config.js';
export type { SettingsOf } from './settings.js';
export { loadSecretKey } from './secret-key.js';
export { redactConfig, redactUrlCredentials, URL_SECRET_MASK } from './redact.js';
export { createPrivateFile, makePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenMode, type ModeTightened, type OnTightened } from './private-files.js';
