import { createContext, type AppContext } from '../app/index.js';
import type { CliIo } from '../cli/io.js';
import { loadConfig, type Config } from '../config/index.js';
import { createLogger } from '../logger/index.js';

/**
 * Like the CLI's `withContext`, but honours TIDINGS_DB_SCHEMA (worker processes started for a
 * test schema). Remove once the foundation reads the schema from DATABASE_URL.
 */
export async function withSendContext<T>(
  io: CliIo,
  action: (context: AppContext) => Promise<T>,
  defaults: Partial<Record<keyof Config, string>> = { LOG_LEVEL: 'warn' },
): Promise<T> {
  const context = await openSendContext(io, defaults);
  try {
    return await action(context);
  } finally {
    await context.close();
  }
}

/** Opens an app context from `io.env` (caller closes it). */
export async function openSendContext(io: CliIo, defaults: Partial<Record<keyof Config, string>> = {}): Promise<AppContext> {
  const config = loadConfig({ ...defaults, ...io.env });
  const logger = createLogger({ level: config.LOG_LEVEL, destination: io.stderr });
  return createContext({ config, logger, ...(config.TIDINGS_DB_SCHEMA ? { schema: config.TIDINGS_DB_SCHEMA } : {}) });
}
