import { inboxServiceFactory } from '../inbox/index.js';
import type { ServiceFactory } from './service.js';

/**
 * The background services `tidings serve` runs in-process (and `tidings worker` runs on its own):
 * modules append their factory here (dispatcher, scheduler, inbox pollers).
 */
export const SERVICE_FACTORIES: readonly ServiceFactory[] = [inboxServiceFactory];
