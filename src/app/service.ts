import type { ServiceFactory as ModuleServiceFactory } from '../platform/runtime/index.js';
import type { AppContext } from './context.js';

export type { Service } from '../platform/runtime/index.js';

/** A service factory as the app's runner calls it; a module's factory, asking for less, is one. */
export type ServiceFactory = ModuleServiceFactory<AppContext>;
