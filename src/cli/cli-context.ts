// app/context.js, not app/index.js: the index also lists every background service (BullMQ, the
// pollers…), which a one-shot command never starts.
import { createContext, type AppContext } from '../app/context.js';
import { loadConfig } from '../app/config.js';
import { createLogger } from '../platform/logger/index.js';
import type { CliIo } from './io.js';

/**
 * Runs `action` with a fresh app context and closes it afterwards. CLI logs go to stderr at
 * `warn` unless LOG_LEVEL says otherwise, so stdout stays clean for `--json` consumers.
 */
export async function withContext<T>(io: CliIo, action: (context: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env });
  const logger = createLogger({ level: config.LOG_LEVEL, destination: io.stderr });
  const context = await createContext({ config, logger });
  try {
    return await action(context);
  } finally {
    await context.close();
  }
}
