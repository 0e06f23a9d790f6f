import { inboxServiceFactory, type InboxServiceOptions } from '../modules/inbox/index.js';
import { digestServiceFactory } from '../modules/reminders/index.js';
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
    // The scheduler ticks, the morning reminder digests (src/modules/reminders) and the periodic SMS
    // template review sync (src/modules/sms-approval) share the role.
    schedule: allOf('scheduler', schedulerServiceFactory({ launcher: sendCampaignLauncher }), digestServiceFactory(), approvalSyncServiceFactory()),
    inbox: (context) => inboxServiceFactory(context, options.inbox),
  };
}

/** Several services run as one role: started in order (one that fails to start stops those started), stopped in reverse. */
function allOf(name: string, ...factories: ServiceFactory[]): ServiceFactory {
  return async (context) => {
    const services = (await Promise.all(factories.map((factory) => factory(context)))).filter((s): s is Service => s !== undefined);
    return {
      name,
      async start() {
        const started: Service[] = [];
        try {
          for (const service of services) {
            await service.start();
            started.push(service);
          }
        } catch (error) {
          for (const service of started.reverse()) await service.stop();
          throw error;
        }
      },
      async stop() {
        for (const service of [...services].reverse()) await service.stop();
      },
    };
  };
}
