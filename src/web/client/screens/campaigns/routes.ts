import type { ScreenRoute } from '../screen.js';
import { CampaignDetailScreen } from './campaign-detail.screen.js';
import { CampaignWizardScreen } from './campaign-wizard.screen.js';
import { CampaignsListScreen } from './campaigns-list.screen.js';

/** Routes of the campaigns section (`/campaigns/new` before the `:id` pattern that would take it). */
export const campaignsRoutes: readonly ScreenRoute[] = [
  { path: '/campaigns', component: CampaignsListScreen, permissions: ['campaigns:read'], nav: 'navCampaigns' },
  { path: '/campaigns/new', component: CampaignWizardScreen, permissions: ['campaigns:write'] },
  { path: '/campaigns/:id', component: CampaignDetailScreen, permissions: ['campaigns:read'] },
];
