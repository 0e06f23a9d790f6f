import type { AppContext, Service, ServiceFactory } from '../app/index.js';
import { createSendRuntime, type SendPorts, type SendRuntime } from './send.runtime.js';

/**
 * The send pipeline as a background service of `tidings serve` / `tidings worker`: the dispatcher
 * (in-process or a BullMQ worker) plus the sweeper.
 */
export function sendServiceFactory(ports: SendPorts = {}): ServiceFactory {
  return (context: AppContext): Service => {
    let runtime: SendRuntime | undefined;
    return {
      name: 'send',
      async start() {
        runtime = await createSendRuntime(context, { ...ports, work: true });
        await runtime.start();
      },
      async stop() {
        await runtime?.close();
      },
    };
  };
}
