import type { CoreConfig } from '../../platform/config/index.js';
import type { CoreContext } from '../../platform/runtime/index.js';
import type { AccountsConfig } from '../accounts/index.js';
import type { ScheduleConfig } from '../schedule/index.js';
import type { SendConfig } from './send.config.js';

/**
 * What the send pipeline needs from its process: the foundation, and the settings it reads (its
 * own, the accounts' private-host allow-list, the scheduler's quiet hours, the public URL).
 */
export interface SendContext extends CoreContext {
  readonly config: CoreConfig & AccountsConfig & SendConfig & ScheduleConfig;
}
