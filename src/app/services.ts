import { inboxServiceFactory } from '../inbox/index.js';
import { schedulerServiceFactory } from '../schedule/index.js';
import { sendCampaignLauncher, sendServiceFactory } from '../send/index.js';
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
