import { inboxServiceFactory, type InboxServiceOptions } from '../modules/inbox/index.js';
import { schedulerServiceFactory } from '../modules/schedule/index.js';
import { sendCampaignLauncher, sendServiceFactory } from '../modules/sending/index.js';
import { approvalSyncServiceFactory } from '../modules/sms-approval/index.js';
import type { Role } from './roles.js';
import type { Service, ServiceFactory } from './service.js';

/** Per-role adjustments a command makes (`inbox poll --watch --account … --tls-insecure`). */
export interface RoleOptions {
  readonly inbox?: Partial<Omit<InboxServiceOptions, 'context' | 'settings'>>;
}

/** The service of each background role, built for a process's context. */
export function roleServiceFactories(options: RoleOptions = {}): Readonly<Record<Role, ServiceFactory>> {
  return {
    send: sendServiceFactory(),
    schedule: both('schedule', schedulerServiceFactory({ launcher: sendCampaignLauncher }), approvalSyncServiceFactory()),
    inbox: (context) => inboxServiceFactory(context, options.inbox),
  };
}

/** Two services run as one role (the scheduler and the periodic SMS approval sync), started in order, stopped in reverse. */
function both(name: string, first: ServiceFactory, second: ServiceFactory): ServiceFactory {
  return async (context) => {
    const services = [await first(context), await second(context)].filter((s): s is Service => s !== undefined);
    return {
      name: services[0]?.name ?? name,
      async start() {
        for (const s of services) await s.start();
      },
      async stop() {
        for (const s of [...services].reverse()) await s.stop();
      },
    };
  };
}
