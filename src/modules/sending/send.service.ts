import type { Service } from '../../platform/runtime/index.js';
import type { SendContext } from './send.context.js';
import type { SendPorts } from './send.runtime.js';
import { closeSharedSendRuntime, sharedSendRuntime } from './wiring/shared.runtime.js';

/**
 * The send pipeline as a background service of `tidings serve` / `tidings worker`: the dispatcher
 * (in-process or a BullMQ worker) plus the sweeper, on the real ports unless some are given. The
 * runtime is the context's shared one, so the scheduler's launches land on this dispatcher.
 */
export function sendServiceFactory(ports: SendPorts = {}): (context: SendContext) => Service {
  return (context: SendContext): Service => ({
    name: 'send',
    async start() {
      const runtime = await sharedSendRuntime(context, ports);
      await runtime.start();
    },
    async stop() {
      await closeSharedSendRuntime(context);
    },
  });
}
