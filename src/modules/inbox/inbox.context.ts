import type { CoreContext } from '../../platform/runtime/index.js';
import type { InboxConfig } from './inbox.config.js';

/** What the inbox pollers need from their process: the foundation, their settings, the private-host allow-list. */
export interface InboxContext extends CoreContext {
  // The allow-list is the accounts module's setting; named here, the type needs no import (accounts imports the inbox).
  readonly config: InboxConfig & { readonly TIDINGS_ALLOW_PRIVATE_HOSTS: string };
}
