export { createContext, type AppContext, type CreateContextOptions } from './context.js';
export type { Service, ServiceFactory } from './service.js';
export { SERVICE_FACTORIES } from './services.js';
export * from '../platform/runtime/index.js';
