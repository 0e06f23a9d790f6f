import type { CoreContext } from '../../platform/runtime/index.js';
import type { AccountsConfig } from '../accounts/index.js';
import type { InboxConfig } from './inbox.config.js';

/** What the inbox pollers need from their process: the foundation, its settings, the private-host allow-list. */
export interface InboxContext extends CoreContext {
  readonly config: InboxConfig & AccountsConfig;
}
