import { z } from 'zod';
import { accountsEnv } from '../modules/accounts/accounts.config.js';
import { apiEnv } from './http.config.js';
import { billingEnv } from '../modules/billing/billing.config.js';
import { customersEnv } from '../modules/customers/customers.config.js';
import { TidingsError } from '../platform/errors/index.js';
import { inboxEnv } from '../modules/inbox/inbox.config.js';
import { scheduleEnv } from '../modules/schedule/schedule.config.js';
import { sendEnv } from '../modules/sending/send.config.js';
import { templatesEnv } from '../modules/templates/templates.config.js';
import { coreEnv } from '../platform/config/core.config.js';
import { redactUrlCredentials } from '../platform/config/redact.js';

/** The one schema over `process.env`: the foundation's variables plus each module's. */
export const ConfigSchema = z.object({
  ...coreEnv,
  ...accountsEnv,
  ...customersEnv,
  ...templatesEnv,
  ...sendEnv,
  ...billingEnv,
  ...inboxEnv,
  ...scheduleEnv,
  ...apiEnv,
});

/** The parsed, frozen configuration handed down to modules. */
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
