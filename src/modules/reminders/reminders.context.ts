import type { CoreConfig } from '../../platform/config/index.js';
import type { CoreContext } from '../../platform/runtime/index.js';
import type { AccountsConfig } from '../accounts/index.js';
import type { ScheduleConfig } from '../schedule/index.js';
import type { SendConfig } from '../sending/index.js';

/** What the digest worker needs from its process: the foundation, the tick, and the sending settings. */
export interface RemindersContext extends CoreContext {
  readonly config: CoreConfig & Pick<ScheduleConfig, 'SCHEDULE_TICK_SECONDS'> & Pick<AccountsConfig, 'TIDINGS_ALLOW_PRIVATE_HOSTS'> & Pick<SendConfig, 'SEND_SMTP_ALLOW_SELF_SIGNED'>;
}
