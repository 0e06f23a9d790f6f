import { z } from 'zod';
import { accountsEnv } from '../modules/accounts/index.js';
import { billingEnv } from '../modules/billing/index.js';
import { customersEnv } from '../modules/customers/index.js';
import { inboxEnv } from '../modules/inbox/index.js';
import { scheduleEnv } from '../modules/schedule/index.js';
import { sendEnv } from '../modules/sending/index.js';
import { templatesEnv } from '../modules/templates/index.js';
import { coreEnv, redactUrlCredentials } from '../platform/config/index.js';
import { TidingsError } from '../platform/errors/index.js';

/** The one schema over `process.env`: the foundation's variables (listener included) plus each module's. */
export const ConfigSchema = z.object({
  ...coreEnv,
  ...accountsEnv,
  ...customersEnv,
  ...templatesEnv,
  ...sendEnv,
  ...billingEnv,
  ...inboxEnv,
  ...scheduleEnv,
});

/**
 * The parsed, frozen configuration. Modules never see this type: each declares the settings it
 * reads (its `*Config`), which this satisfies.
 */
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/**
 * Parses the environment once at start-up. A wrong value throws `CONFIG_INVALID` whose message
 * names every bad variable and the form it expects, one per line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const raw = env[name];
      const shown = raw === undefined || /SECRET|PASSWORD|TOKEN|KEY/.test(name) ? '' : ` (got "${redactUrlCredentials(raw)}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new TidingsError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}`, {
      context: { variables: result.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return Object.freeze(result.data);
}
