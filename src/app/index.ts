export { createContext, type AppContext, type CreateContextOptions } from './context.js';
export type { Service, ServiceFactory } from './service.js';
export { ROLES, parseRoles, type Role } from './roles.js';
export { roleServiceFactories, type RoleOptions } from './services.js';
export { runProcess, type ProcessSignals, type RunProcessOptions } from './process.js';
export * from '../platform/runtime/index.js';
