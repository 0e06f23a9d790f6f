import type { SendContext } from '../send.context.js';
import type { CampaignLauncher } from '../../schedule/index.js';
import { createSendRuntime, type SendPorts, type SendRuntime } from '../send.runtime.js';
import { SendCampaignLauncher } from './campaign.launcher.js';
import { sendingDb } from '../sending.db.js';

const runtimes = new WeakMap<SendContext, Promise<SendRuntime>>();

/**
 * The one working send pipeline of a process (per app context), shared by the send service and
 * the scheduler's launcher: in in-process mode a launched occurrence must be queued on the very
 * dispatcher that sends, not on a second one nobody runs.
 */
export function sharedSendRuntime(context: SendContext, ports: SendPorts = {}): Promise<SendRuntime> {
  let runtime = runtimes.get(context);
  if (!runtime) {
    runtime = createSendRuntime(context, { ...ports, work: true });
    runtimes.set(context, runtime);
    runtime.catch(() => runtimes.delete(context));
  }
  return runtime;
}

/** Closes and forgets the context's shared runtime (service stop). */
export async function closeSharedSendRuntime(context: SendContext): Promise<void> {
  const runtime = runtimes.get(context);
  runtimes.delete(context);
  await (await runtime)?.close();
}

/** The scheduler's launcher for a context, on the shared runtime (for `schedulerServiceFactory`). */
export function sendCampaignLauncher(context: SendContext): CampaignLauncher {
  return new SendCampaignLauncher(sendingDb(context.store.db), async () => (await sharedSendRuntime(context)).campaigns);
}
