export { ConfigSchema, loadConfig, type Config } from './config.js';
export { createContext, type AppContext, type CreateContextOptions } from './context.js';
export { ERROR_CODES, ERROR_TABLES, type ErrorCode } from './error-codes.js';
export { ALL_MIGRATIONS } from './migrations.js';
export type { AppSchema } from './schema.js';
export type { Service, ServiceFactory } from './service.js';
export { SERVICE_FACTORIES } from './services.js';
export { migrateAppStore, openAppStore, type AppStore } from './store.js';
