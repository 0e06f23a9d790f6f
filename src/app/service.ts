import type { Service } from '../platform/runtime/index.js';
import type { AppContext } from './context.js';

export type { Service };

/** Builds a service for the given context, or returns undefined when it does not apply. */
export type ServiceFactory = (context: AppContext) => Service | undefined | Promise<Service | undefined>;
