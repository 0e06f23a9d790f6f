import type { CoreConfig } from '../../platform/config/index.js';
import type { CoreContext } from '../../platform/runtime/index.js';
import type { ScheduleConfig } from './schedule.config.js';

/** What the scheduler service needs from its process: the foundation and its settings. */
export interface ScheduleContext extends CoreContext {
  readonly config: CoreConfig & ScheduleConfig;
}
