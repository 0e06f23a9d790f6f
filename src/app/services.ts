import { inboxServiceFactory } from '../modules/inbox/index.js';
import { schedulerServiceFactory } from '../modules/schedule/index.js';
import { sendCampaignLauncher, sendServiceFactory } from '../modules/sending/index.js';
import type { ServiceFactory } from './service.js';

/**
 * The background services `tidings serve` runs in-process (and `tidings worker` runs on its own):
 * modules append their factory here (dispatcher, scheduler, inbox pollers). Order matters: the
 * send pipeline starts before the scheduler that launches onto it.
 */
export const SERVICE_FACTORIES: readonly ServiceFactory[] = [
  sendServiceFactory(),
  schedulerServiceFactory({ launcher: sendCampaignLauncher }),
  inboxServiceFactory,
];
