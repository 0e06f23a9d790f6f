import { loopRegistry, superviseLoop, type CoreContext, type Service, type ServiceFactory } from '../../platform/runtime/index.js';
import { syncPending } from './template-approval.service.js';

/** What the periodic sync needs of its process. */
export interface ApprovalSyncContext extends CoreContext {
  readonly config: { readonly TIDINGS_ALLOW_PRIVATE_HOSTS: string };
}

/** Every 10 minutes: Aliyun reviews in hours, and its API allows few calls per second. */
const INTERVAL_MS = 10 * 60_000;
/** Per round, of templates and of signatures each: a bounded call count whatever piles up. */
const PER_ROUND = 20;

/**
 * The periodic sync of the `schedule` role: asks the providers where pending templates and
 * signatures stand, a bounded number per round, supervised (a failing round is retried with
 * backoff and shown in /health as the loop `sms-approval-sync`, not critical).
 */
export function approvalSyncServiceFactory(options: { readonly intervalMs?: number } = {}): ServiceFactory<ApprovalSyncContext> {
  return (context) => {
    let stop: AbortController | undefined;
    let loop: Promise<void> | undefined;
    const deps = { db: context.store.db, secrets: context.secrets, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS }, clock: context.clock };
    const service: Service = {
      name: 'sms-approval-sync',
      async start() {
        stop = new AbortController();
        loop = superviseLoop({
          name: 'sms-approval-sync',
          critical: false,
          registry: loopRegistry(context.store),
          logger: context.logger,
          signal: stop.signal,
          run: async () => {
            const report = await syncPending(deps, { limit: PER_ROUND });
            if (report.changed > 0 || report.failed > 0) context.logger.info({ ...report }, 'SMS template approvals synced');
            return options.intervalMs ?? INTERVAL_MS;
          },
        });
      },
      async stop() {
        stop?.abort();
        await loop;
      },
    };
    return service;
  };
}
