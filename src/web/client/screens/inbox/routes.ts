import type { ScreenRoute } from '../screen.js';
import { CampaignMessagesScreen } from './campaign-messages.screen.js';
import { CampaignsInboxScreen } from './campaigns.screen.js';
import { MessageScreen } from './message.screen.js';
import { UnfiledScreen } from './unfiled.screen.js';
import { MyInboxScreen } from './my-inbox.js';

/** Routes of the inbox section. */
export const inboxRoutes: readonly ScreenRoute[] = [
  { path: '/inbox', component: UnfiledScreen, permissions: ['inbox:read', 'inbox:own'], nav: 'navInbox' },
  { path: '/inbox/mine', component: MyInboxScreen, permissions: ['inbox:read', 'inbox:own'] },
  { path: '/inbox/campaigns', component: CampaignsInboxScreen, permissions: ['inbox:read'] },
  { path: '/inbox/campaigns/:id', component: CampaignMessagesScreen as ScreenRoute['component'], permissions: ['inbox:read'] },
  { path: '/inbox/messages/:id', component: MessageScreen as ScreenRoute['component'], permissions: ['inbox:read', 'inbox:own'] },
];
