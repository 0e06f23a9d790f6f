import { inboxServiceFactory, type InboxServiceOptions } from '../modules/inbox/index.js';
import { schedulerServiceFactory } from '../modules/schedule/index.js';
import { sendCampaignLauncher, sendServiceFactory } from '../modules/sending/index.js';
import type { Role } from './roles.js';
import type { ServiceFactory } from './service.js';

/** Per-role adjustments a command makes (`inbox poll --watch --account … --tls-insecure`). */
export interface RoleOptions {
  readonly inbox?: Partial<Omit<InboxServiceOptions, 'context' | 'settings'>>;
}

/** The service of each background role, built for a process's context. */
export function roleServiceFactories(options: RoleOptions = {}): Readonly<Record<Role, ServiceFactory>> {
  return {
    send: sendServiceFactory(),
    schedule: schedulerServiceFactory({ launcher: sendCampaignLauncher }),
    inbox: (context) => inboxServiceFactory(context, options.inbox),
  };
}
